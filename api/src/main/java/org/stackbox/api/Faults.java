package org.stackbox.api;

import org.stackbox.common.ErrorKind;
import org.stackbox.common.StackboxException;

/** The usual answer to each kind of failure, for the services whose faults need nothing more than the kind. */
public final class Faults {
    private Faults() {}

    public static HttpFault forKind(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> HttpFault.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpFault.UNAUTHORIZED;
            case FORBIDDEN -> HttpFault.FORBIDDEN;
            case NOT_FOUND -> HttpFault.NOT_FOUND;
            case CONFLICT -> HttpFault.CONFLICT;
            case OVER_LIMIT -> HttpFault.OVER_LIMIT;
            case UNAVAILABLE -> HttpFault.SERVICE_UNAVAILABLE;
            case UNSUPPORTED -> HttpFault.NOT_IMPLEMENTED;
            case INTERNAL -> HttpFault.INTERNAL;
        };
    }

    /** The failure as its kind says, with its own message. */
    public static ApiException byKind(StackboxException failure) {
        return new ApiException(forKind(failure.kind()), failure.getMessage());
    }
}
