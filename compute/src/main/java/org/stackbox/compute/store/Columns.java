package org.stackbox.compute.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Nullable number columns, read the same way on SQLite and PostgreSQL. */
final class Columns {
    private Columns() {}

    static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
