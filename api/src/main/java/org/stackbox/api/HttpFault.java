package org.stackbox.api;

/**
 * Every error Stackbox reports, with the HTTP status and the fault name OpenStack's clients expect.
 * The category says whose fault it is: the caller's, the cloud's capacity, or Stackbox's own.
 */
public enum HttpFault {
    BAD_REQUEST(400, "badRequest", "Bad Request", Category.USER_ERROR),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized", Category.USER_ERROR),
    FORBIDDEN(403, "forbidden", "Forbidden", Category.USER_ERROR),
    NOT_FOUND(404, "itemNotFound", "Not Found", Category.USER_ERROR),
    METHOD_NOT_ALLOWED(405, "methodNotAllowed", "Method Not Allowed", Category.USER_ERROR),
    NOT_ACCEPTABLE(406, "notAcceptable", "Not Acceptable", Category.USER_ERROR),
    CONFLICT(409, "conflict", "Conflict", Category.USER_ERROR),
    OVER_LIMIT(413, "overLimit", "Request Entity Too Large", Category.INSUFFICIENT_RESOURCES),
    URI_TOO_LONG(414, "uriTooLong", "URI Too Long", Category.USER_ERROR),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupportedMediaType", "Unsupported Media Type", Category.USER_ERROR),
    HEADERS_TOO_LARGE(431, "requestHeaderFieldsTooLarge", "Request Header Fields Too Large", Category.USER_ERROR),
    INTERNAL(500, "internalServerError", "Internal Server Error", Category.INTERNAL_ERROR),
    NOT_IMPLEMENTED(501, "notImplemented", "Not Implemented", Category.INTERNAL_ERROR),
    SERVICE_UNAVAILABLE(503, "serviceUnavailable", "Service Unavailable", Category.INSUFFICIENT_RESOURCES);

    public enum Category { USER_ERROR, INSUFFICIENT_RESOURCES, INTERNAL_ERROR }

    private final int status;
    private final String faultName;
    private final String title;
    private final Category category;

    HttpFault(int status, String faultName, String title, Category category) {
        this.status = status;
        this.faultName = faultName;
        this.title = title;
        this.category = category;
    }

    public int status() { return status; }

    /** The code for an HTTP status that arose outside Stackbox's own handlers (unknown route, bad method ...). */
    public static HttpFault fromStatus(int status) {
        for (HttpFault code : values()) {
            if (code.status == status) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }

    /** The key of the fault body, e.g. {@code {"itemNotFound": {...}}}. */
    public String faultName() { return faultName; }

    /** The reason phrase Keystone puts in its {@code title} field. */
    public String title() { return title; }

    public Category category() { return category; }
}
