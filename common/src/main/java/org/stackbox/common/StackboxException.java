package org.stackbox.common;

import static java.util.Objects.requireNonNull;

/**
 * The base of every layer's failure: a code from that layer's closed set and a message meant for the caller. It
 * knows nothing of HTTP; each service's API maps it to a status and a fault body in one place.
 */
public abstract class StackboxException extends RuntimeException {
    private final ErrorCode code;

    protected StackboxException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() { return code; }

    public ErrorKind kind() { return code.kind(); }
}
