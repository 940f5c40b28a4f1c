package org.stackbox.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whether a service's tables are already exactly what its packaged migrations make: the same versioned scripts, with
 * the same checksums, all applied successfully, as Flyway's history table records them. Then a start need not load
 * Flyway at all, which is most of the time a restart spends on the database. Anything else (no history yet, a new
 * script, an edited one, a failed one, a layout this class does not know) answers "not current", and Flyway runs,
 * migrates and validates as usual: this is only ever a shortcut past a no-op.
 */
final class AppliedSchema {
    private AppliedSchema() {}

    /**
     * Reads the history with plain JDBC: on a first start this runs before anything else has touched the database,
     * and Jdbi's statement parser would cost more than the query.
     */
    static boolean isCurrent(DataSource dataSource, ClassLoader loader, String service, String historyTable) {
        Optional<List<PackagedScripts.Script>> scripts = PackagedScripts.of(loader, service);
        if (scripts.isEmpty() || scripts.get().isEmpty()) {
            return false;
        }
        Map<String, Integer> packaged = new HashMap<>();
        for (PackagedScripts.Script script : scripts.get()) {
            packaged.put(script.version(), script.checksum());
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!hasTable(connection, historyTable)) {
                return false;
            }
            Map<String, Integer> applied = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT version, checksum, success FROM " + historyTable + " WHERE type = 'SQL'")) {
                while (rows.next()) {
                    int checksum = rows.getInt("checksum");
                    applied.put(rows.getString("version"), rows.getBoolean("success") ? checksum : null);
                }
            }
            return applied.equals(packaged);
        } catch (SQLException unreadableHistory) {
            return false;
        }
    }

    static boolean hasTable(Connection connection, String table) throws SQLException {
        var metadata = connection.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet tables = metadata.getTables(null, null, name, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
