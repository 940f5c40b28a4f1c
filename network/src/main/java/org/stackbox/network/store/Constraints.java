package org.stackbox.network.store;

import java.sql.SQLException;

/** Recognises a unique or primary key violation the same way on SQLite and PostgreSQL. */
final class Constraints {
    private static final int SQLITE_CONSTRAINT = 19;

    private Constraints() {}

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                if ((sql.getErrorCode() & 0xFF) == SQLITE_CONSTRAINT
                        && (message.contains("UNIQUE") || message.contains("PRIMARY KEY"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
