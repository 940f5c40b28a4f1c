package org.stackbox.common;

import static java.util.Objects.requireNonNull;

/** A failure with a message meant for the API caller; the API layer turns it into an OpenStack fault body. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() { return code; }

    public static ApiException badRequest(String format, Object... args) {
        return new ApiException(ErrorCode.BAD_REQUEST, format.formatted(args));
    }

    public static ApiException unauthorized(String format, Object... args) {
        return new ApiException(ErrorCode.UNAUTHORIZED, format.formatted(args));
    }

    public static ApiException forbidden(String format, Object... args) {
        return new ApiException(ErrorCode.FORBIDDEN, format.formatted(args));
    }

    public static ApiException notFound(String format, Object... args) {
        return new ApiException(ErrorCode.NOT_FOUND, format.formatted(args));
    }

    public static ApiException conflict(String format, Object... args) {
        return new ApiException(ErrorCode.CONFLICT, format.formatted(args));
    }

    public static ApiException overLimit(String format, Object... args) {
        return new ApiException(ErrorCode.OVER_LIMIT, format.formatted(args));
    }
}
