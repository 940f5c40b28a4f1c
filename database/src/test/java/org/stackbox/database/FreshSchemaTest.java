package org.stackbox.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the fresh-file shortcut writes is what Flyway would have: Flyway validates it and carries on from it. */
class FreshSchemaTest {
    private static final String HISTORY = "schema_history_sample";

    @TempDir
    Path directory;

    @Test
    void flywayValidatesTheHistoryAndAppliesOnlyLaterScripts() throws Exception {
        Path scripts = Files.createDirectories(directory.resolve("classes/db/migration/sample"));
        Files.writeString(scripts.resolve("V1__first_tables.sql"),
                "-- the first\nCREATE TABLE sample (id TEXT PRIMARY KEY);\nCREATE TABLE other (id TEXT);\n");
        Files.writeString(scripts.resolve("V1_2__second.sql"), "ALTER TABLE sample ADD COLUMN name TEXT;\n");
        Files.writeString(scripts.resolve("V1_10__third.sql"), "INSERT INTO sample (id, name) VALUES ('a', 'b');\n");
        try (URLClassLoader loader = loader(directory.resolve("classes").toUri().toURL())) {
            assertThat(FreshSchema.apply(dataSource(), loader, "sample", HISTORY)).isTrue();
            assertThat(query("SELECT id || name FROM sample")).containsExactly("ab");
            assertThat(query("SELECT version || ':' || description || ':' || script FROM " + HISTORY
                    + " ORDER BY installed_rank")).containsExactly(
                    "1:first tables:V1__first_tables.sql", "1.2:second:V1_2__second.sql", "1.10:third:V1_10__third.sql");
            assertThat(AppliedSchema.isCurrent(dataSource(), loader, "sample", HISTORY)).isTrue();

            Flyway flyway = flyway(loader);
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
            assertThat(flyway.info().pending()).isEmpty();
            assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("1.10");

            Files.writeString(scripts.resolve("V2__later.sql"), "CREATE TABLE later (id TEXT);\n");
            assertThat(FreshSchema.apply(dataSource(), loader, "sample", HISTORY)).isFalse();
            Flyway later = flyway(loader);
            assertThat(later.migrate().migrationsExecuted).isEqualTo(1);
            assertThat(later.info().applied()).extracting(MigrationInfo::getScript).containsExactly(
                    "V1__first_tables.sql", "V1_2__second.sql", "V1_10__third.sql", "V2__later.sql");
        }
    }

    @Test
    void aFailingScriptLeavesNeitherTablesNorHistory() throws Exception {
        Path scripts = Files.createDirectories(directory.resolve("classes/db/migration/sample"));
        Files.writeString(scripts.resolve("V1__good.sql"), "CREATE TABLE sample (id TEXT PRIMARY KEY);\n");
        Files.writeString(scripts.resolve("V2__bad.sql"), "CREATE TABLE broken (id TEXT;\n");
        try (URLClassLoader loader = loader(directory.resolve("classes").toUri().toURL())) {
            assertThatThrownBy(() -> FreshSchema.apply(dataSource(), loader, "sample", HISTORY))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("V2__bad.sql");
            assertThat(query("SELECT name FROM sqlite_master")).isEmpty();
        }
    }

    @Test
    void aServiceWithoutScriptsIsLeftToFlyway() throws Exception {
        try (URLClassLoader loader = loader(Files.createDirectories(directory.resolve("empty")).toUri().toURL())) {
            assertThat(FreshSchema.apply(dataSource(), loader, "sample", HISTORY)).isFalse();
            assertThat(query("SELECT name FROM sqlite_master")).isEmpty();
        }
    }

    private Flyway flyway(ClassLoader loader) {
        return Flyway.configure(loader).dataSource(dataSource()).locations("classpath:db/migration/sample")
                .table(HISTORY).load();
    }

    private List<String> query(String sql) throws Exception {
        try (Connection connection = dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private DataSource dataSource() {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + directory.resolve("state.db"));
        return dataSource;
    }

    private static URLClassLoader loader(URL url) {
        return new URLClassLoader(new URL[] {url}, FreshSchemaTest.class.getClassLoader());
    }
}
