package org.stackbox.api;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A failure as the API answers it: a status, the message the caller reads, and for services whose bodies name one a
 * fault type. Only the HTTP layer throws it; the layers below throw their own errors, which each service maps.
 */
public final class ApiException extends RuntimeException {
    private final HttpFault code;
    private final String faultType;

    public ApiException(HttpFault code, String message) {
        this(code, message, null);
    }

    /**
     * A failure with a fault type of the service's own, for services whose fault bodies name one (Neutron's
     * {@code {"NeutronError": {"type": "NetworkNotFound", ...}}}).
     */
    public ApiException(HttpFault code, String message, String faultType) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        this.faultType = faultType;
    }

    public HttpFault code() { return code; }

    public Optional<String> faultType() { return Optional.ofNullable(faultType); }

    public static ApiException badRequest(String format, Object... args) {
        return new ApiException(HttpFault.BAD_REQUEST, format.formatted(args));
    }

    public static ApiException unauthorized(String format, Object... args) {
        return new ApiException(HttpFault.UNAUTHORIZED, format.formatted(args));
    }

    public static ApiException forbidden(String format, Object... args) {
        return new ApiException(HttpFault.FORBIDDEN, format.formatted(args));
    }

    public static ApiException notFound(String format, Object... args) {
        return new ApiException(HttpFault.NOT_FOUND, format.formatted(args));
    }

    public static ApiException conflict(String format, Object... args) {
        return new ApiException(HttpFault.CONFLICT, format.formatted(args));
    }

    public static ApiException overLimit(String format, Object... args) {
        return new ApiException(HttpFault.OVER_LIMIT, format.formatted(args));
    }
}
