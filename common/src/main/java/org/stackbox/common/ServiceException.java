package org.stackbox.common;

/** A service refused or failed a request; the message is what the caller reads, in the service's own words. */
public final class ServiceException extends StackboxException {
    public ServiceException(ServiceError code, String message) {
        super(code, message, null);
    }

    public ServiceException(ServiceError code, String message, Throwable cause) {
        super(code, message, cause);
    }

    public static ServiceException invalid(String format, Object... args) {
        return new ServiceException(ServiceError.INVALID_REQUEST, format.formatted(args));
    }

    public static ServiceException unauthenticated(String format, Object... args) {
        return new ServiceException(ServiceError.NOT_AUTHENTICATED, format.formatted(args));
    }

    public static ServiceException forbidden(String format, Object... args) {
        return new ServiceException(ServiceError.NOT_PERMITTED, format.formatted(args));
    }

    public static ServiceException notFound(String format, Object... args) {
        return new ServiceException(ServiceError.NOT_FOUND, format.formatted(args));
    }

    public static ServiceException conflict(String format, Object... args) {
        return new ServiceException(ServiceError.CONFLICT, format.formatted(args));
    }

    public static ServiceException overLimit(String format, Object... args) {
        return new ServiceException(ServiceError.OVER_LIMIT, format.formatted(args));
    }

    public static ServiceException unavailable(String format, Object... args) {
        return new ServiceException(ServiceError.UNAVAILABLE, format.formatted(args));
    }

    public static ServiceException internal(String format, Object... args) {
        return new ServiceException(ServiceError.INTERNAL, format.formatted(args));
    }
}
