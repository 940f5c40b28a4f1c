package org.stackbox.database;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The shortcut past Flyway is taken only when Flyway itself has applied exactly the packaged scripts. */
class AppliedSchemaTest {
    private static final String FIRST = "CREATE TABLE sample (id TEXT PRIMARY KEY);\r\n-- a comment\n";
    private static final String SECOND = "\uFEFFALTER TABLE sample ADD COLUMN name TEXT;\n";

    @TempDir
    Path directory;

    @Test
    void currentOnlyAfterFlywayAppliedEveryScriptFromADirectory() throws Exception {
        Path classes = Files.createDirectories(directory.resolve("classes/db/migration/sample"));
        Files.writeString(classes.resolve("V1__first.sql"), FIRST);
        Files.writeString(classes.resolve("V2__second.sql"), SECOND);
        try (URLClassLoader loader = loader(directory.resolve("classes").toUri().toURL())) {
            assertCurrentOnlyAfterMigration(loader);

            Files.writeString(classes.resolve("V3__third.sql"), "CREATE TABLE other (id TEXT);\n");
            assertThat(AppliedSchema.isCurrent(dataSource(), loader, "sample", "schema_history_sample")).isFalse();
        }
    }

    @Test
    void currentOnlyAfterFlywayAppliedEveryScriptFromAJar() throws Exception {
        Path jar = directory.resolve("sample.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String folder : new String[] {"db/", "db/migration/", "db/migration/sample/"}) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            write(out, "db/migration/sample/V1__first.sql", FIRST);
            write(out, "db/migration/sample/V2__second.sql", SECOND);
            write(out, "db/migration/sample-other/V1__unrelated.sql", "not SQL at all");
        }
        try (URLClassLoader loader = loader(jar.toUri().toURL())) {
            assertCurrentOnlyAfterMigration(loader);
        }
    }

    @Test
    void anEditedScriptIsNotCurrent() throws Exception {
        Path classes = Files.createDirectories(directory.resolve("classes/db/migration/sample"));
        Files.writeString(classes.resolve("V1__first.sql"), FIRST);
        try (URLClassLoader loader = loader(directory.resolve("classes").toUri().toURL())) {
            migrate(loader);
            assertThat(AppliedSchema.isCurrent(dataSource(), loader, "sample", "schema_history_sample")).isTrue();

            Files.writeString(classes.resolve("V1__first.sql"), FIRST + "CREATE TABLE late (id TEXT);\n");
            assertThat(AppliedSchema.isCurrent(dataSource(), loader, "sample", "schema_history_sample")).isFalse();
        }
    }

    @Test
    void aServiceWithoutScriptsIsNeverCurrent() throws Exception {
        try (URLClassLoader loader = loader(Files.createDirectories(directory.resolve("empty")).toUri().toURL())) {
            assertThat(AppliedSchema.isCurrent(dataSource(), loader, "sample", "schema_history_sample")).isFalse();
        }
    }

    private void assertCurrentOnlyAfterMigration(ClassLoader loader) {
        assertThat(AppliedSchema.isCurrent(dataSource(), loader, "sample", "schema_history_sample")).isFalse();
        migrate(loader);
        assertThat(AppliedSchema.isCurrent(dataSource(), loader, "sample", "schema_history_sample")).isTrue();
    }

    private void migrate(ClassLoader loader) {
        Flyway.configure(loader).dataSource(url(), null, null).locations("classpath:db/migration/sample")
                .table("schema_history_sample").load().migrate();
    }

    private DataSource dataSource() {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url());
        return dataSource;
    }

    private String url() {
        return "jdbc:sqlite:" + directory.resolve("state.db");
    }

    private static URLClassLoader loader(URL url) {
        return new URLClassLoader(new URL[] {url}, AppliedSchemaTest.class.getClassLoader());
    }

    private static void write(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
