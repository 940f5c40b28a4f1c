package org.stackbox.common;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognises the failures that mean the data directory (or the database) has no space left, whoever raised them:
 * SQLite's {@code SQLITE_FULL}, PostgreSQL's {@code 53100 disk_full}, and {@code ENOSPC} as the JDK or a tool such
 * as qemu-img words it. Each becomes the one {@link ServiceError#DATA_DIRECTORY_FULL} failure, which every
 * service answers with 503 in its own fault style, instead of a 500 that tells the caller nothing.
 */
public final class DataDirectoryFull {
    public static final String MESSAGE =
            "Stackbox's data directory is full: nothing can be stored until space is freed there.";

    private static final String NO_SPACE = "No space left on device";
    private static final String SQLITE_FULL = "SQLITE_FULL";
    private static final int SQLITE_FULL_CODE = 13;
    private static final String POSTGRESQL_DISK_FULL = "53100";

    private DataDirectoryFull() {}

    /** Whether {@code failure}, or anything it was caused by, says that there is no space left. */
    public static boolean causes(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (saysFull(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (saysFull(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The failure a service answers for {@code cause}, which {@link #causes} recognised. */
    public static ServiceException failure(Throwable cause) {
        return new ServiceException(ServiceError.DATA_DIRECTORY_FULL, MESSAGE, cause);
    }

    private static boolean saysFull(Throwable failure) {
        if (failure instanceof SQLException sql) {
            if (POSTGRESQL_DISK_FULL.equals(sql.getSQLState())) {
                return true;
            }
            if (sql.getErrorCode() == SQLITE_FULL_CODE && mentions(sql, SQLITE_FULL)) {
                return true;
            }
        }
        return mentions(failure, NO_SPACE);
    }

    private static boolean mentions(Throwable failure, String text) {
        String message = failure.getMessage();
        return message != null && message.contains(text);
    }
}
