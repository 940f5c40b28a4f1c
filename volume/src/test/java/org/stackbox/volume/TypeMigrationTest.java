package org.stackbox.volume;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.volume.store.VolumeRepository;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A data directory from before volume types (V3): its volumes of "__DEFAULT__" become volumes of the seeded type. */
class TypeMigrationTest {
    @TempDir
    Path directory;

    @Test
    void volumesOfTheDefaultTypeKeepItThroughTheMigration() throws Exception {
        Path file = directory.resolve("volumes.db");
        String jdbcUrl = "jdbc:sqlite:" + file;
        Flyway.configure(getClass().getClassLoader()).dataSource(jdbcUrl, null, null)
                .locations("classpath:db/migration/volume").table("schema_history_volume").target("3").load().migrate();
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO volumes (id, project_id, user_id, name, description, size_gib, status, bootable,
                        volume_type, availability_zone, metadata, created_at, updated_at)
                    VALUES ('5a4d93e7-5671-46d3-b074-b1e1e9c817a8', 'project-a', 'user-1', 'old', NULL, 1, 'available',
                        FALSE, '__DEFAULT__', 'nova', '{}', 0, 0)""");
        }

        try (Database database = new Database(DatabaseUrl.sqlite(file))) {
            database.migrate("volume");
            VolumeRepository volumes = new VolumeRepository(database.jdbi());
            assertThat(volumes.findById("5a4d93e7-5671-46d3-b074-b1e1e9c817a8").orElseThrow().volumeTypeId())
                    .isEqualTo(VolumeTypes.DEFAULT_TYPE_ID);
            assertThat(volumes.anyOfType(VolumeTypes.DEFAULT_TYPE_ID)).isTrue();
        }
    }
}
