package org.stackbox.compute.model;

import org.stackbox.common.ErrorKind;
import static java.util.Objects.requireNonNull;

/** Why a server is in ERROR, as Nova's {@code fault} shows it. */
public record Fault(int code, String message) {
    public Fault {
        requireNonNull(message, "message is null");
    }

    /**
     * The fault a failed build records. Nova stores the code of the failure's HTTP equivalent with the message (400
     * for a request the build found wrong, 500 for a part that failed); the kind says which.
     */
    public static Fault of(ErrorKind kind, String message) {
        int code = switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case OVER_LIMIT -> 413;
            case UNAVAILABLE -> 503;
            case UNSUPPORTED -> 501;
            case INTERNAL -> 500;
        };
        return new Fault(code, message);
    }
}
