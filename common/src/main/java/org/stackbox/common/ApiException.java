package org.stackbox.common;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A failure with a message meant for the API caller; the API layer turns it into an OpenStack fault body. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String faultType;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * A failure with a fault type of the service's own, for services whose fault bodies name one (Neutron's
     * {@code {"NeutronError": {"type": "NetworkNotFound", ...}}}).
     */
    protected ApiException(ErrorCode code, String message, String faultType) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        this.faultType = faultType;
    }

    public ErrorCode code() { return code; }

    public Optional<String> faultType() { return Optional.ofNullable(faultType); }

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
