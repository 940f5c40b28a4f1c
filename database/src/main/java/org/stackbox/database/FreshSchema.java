package org.stackbox.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A service's migrations applied to a SQLite file that this start created, without Flyway: on a new file there is
 * nothing to reconcile, and loading and running Flyway five times was most of a first start. It writes what Flyway
 * would: the same history table, and one row per script with Flyway's description, script name and checksum, so that
 * Flyway validates the result and applies only later scripts on a later start. All in one transaction: a failing
 * script leaves neither tables nor history behind.
 */
final class FreshSchema {
    private FreshSchema() {}

    /**
     * Applies the service's packaged scripts; false, doing nothing, when there are none, they cannot be read, or
     * the history table is already there (then Flyway decides).
     */
    static boolean apply(DataSource dataSource, ClassLoader loader, String service, String historyTable) {
        Optional<List<PackagedScripts.Script>> scripts = PackagedScripts.of(loader, service);
        if (scripts.isEmpty() || scripts.get().isEmpty()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (AppliedSchema.hasTable(connection, historyTable)) {
                return false;
            }
            connection.setAutoCommit(false);
            try {
                createHistoryTable(connection, historyTable);
                int rank = 1;
                for (PackagedScripts.Script script : scripts.get()) {
                    long started = System.nanoTime();
                    try (Statement statement = connection.createStatement()) {
                        // The SQLite driver runs every statement of the text, as sqlite3_exec does.
                        statement.executeUpdate(script.sql());
                    } catch (SQLException e) {
                        throw new SQLException("Migration " + script.fileName() + " failed: " + e.getMessage(), e);
                    }
                    record(connection, historyTable, rank++, script, (System.nanoTime() - started) / 1_000_000);
                }
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the " + service + " tables: " + e.getMessage(), e);
        }
    }

    /** Flyway's history table on SQLite, as its SQLite support creates it. */
    private static void createHistoryTable(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    CREATE TABLE "%1$s" (
                        "installed_rank" INT NOT NULL PRIMARY KEY,
                        "version" VARCHAR(50),
                        "description" VARCHAR(200) NOT NULL,
                        "type" VARCHAR(20) NOT NULL,
                        "script" VARCHAR(1000) NOT NULL,
                        "checksum" INT,
                        "installed_by" VARCHAR(100) NOT NULL,
                        "installed_on" TEXT NOT NULL DEFAULT (strftime('%%Y-%%m-%%d %%H:%%M:%%f','now')),
                        "execution_time" INT NOT NULL,
                        "success" BOOLEAN NOT NULL
                    );
                    CREATE INDEX "%1$s_s_idx" ON "%1$s" ("success");
                    """.formatted(table));
        }
    }

    private static void record(Connection connection, String table, int rank, PackagedScripts.Script script,
                               long millis) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + table + "\" (installed_rank,"
                + " version, description, type, script, checksum, installed_by, execution_time, success)"
                + " VALUES (?, ?, ?, 'SQL', ?, ?, '', ?, 1)")) {
            insert.setInt(1, rank);
            insert.setString(2, script.version());
            insert.setString(3, script.description());
            insert.setString(4, script.fileName());
            insert.setInt(5, script.checksum());
            insert.setLong(6, millis);
            insert.executeUpdate();
        }
    }
}
