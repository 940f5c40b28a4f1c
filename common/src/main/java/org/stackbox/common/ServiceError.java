package org.stackbox.common;

/** The failures of the services (identity, image, volume, compute, consoles): one code per kind of refusal. */
public enum ServiceError implements ErrorCode {
    INVALID_REQUEST(ErrorKind.INVALID),
    /** The body is not JSON, or has more after its JSON value; each service words this its own way. */
    MALFORMED_BODY(ErrorKind.INVALID),
    NOT_AUTHENTICATED(ErrorKind.UNAUTHENTICATED),
    NOT_PERMITTED(ErrorKind.FORBIDDEN),
    NOT_FOUND(ErrorKind.NOT_FOUND),
    CONFLICT(ErrorKind.CONFLICT),
    OVER_LIMIT(ErrorKind.OVER_LIMIT),
    UNAVAILABLE(ErrorKind.UNAVAILABLE),
    /** The data directory has no space left: nothing can be stored, everything stored can still be read. */
    DATA_DIRECTORY_FULL(ErrorKind.UNAVAILABLE),
    /** The request is understood but cannot be done here (Nova's 501 for what a driver or guest cannot do). */
    NOT_IMPLEMENTED(ErrorKind.UNSUPPORTED),
    INTERNAL(ErrorKind.INTERNAL);

    private final ErrorKind kind;

    ServiceError(ErrorKind kind) { this.kind = kind; }

    @Override
    public ErrorKind kind() { return kind; }
}
