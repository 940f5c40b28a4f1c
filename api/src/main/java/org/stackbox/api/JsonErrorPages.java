package org.stackbox.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.stackbox.common.Json;

import java.nio.ByteBuffer;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What Jetty answers itself, before any route runs (a URI or headers too long, a path it cannot decode): the fault
 * body of the service whose path it is, in JSON, instead of Jetty's HTML page.
 */
final class JsonErrorPages extends ErrorHandler {
    private final Function<String, FaultStyle> styles;

    JsonErrorPages(Function<String, FaultStyle> styles) {
        this.styles = requireNonNull(styles, "styles is null");
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String reason, Throwable cause,
                                    Callback callback) {
        String path = request.getHttpURI() == null ? "" : request.getHttpURI().getPath();
        FaultStyle style = styles.apply(path == null ? "" : path);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(style, status, reason)), callback);
    }

    /** A request Jetty could not even parse has no path: the most common style answers it. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(FaultStyle.OPENSTACK, status, reason));
    }

    static byte[] body(FaultStyle style, int status, String reason) {
        HttpFault fault = HttpFault.fromStatus(status);
        return Json.writeBytes(style.body(fault, message(fault, reason)));
    }

    private static String message(HttpFault fault, String reason) {
        return switch (fault) {
            case URI_TOO_LONG -> "The request URI is too long.";
            case HEADERS_TOO_LARGE -> "The request's header fields are too large.";
            default -> reason == null || reason.isBlank() ? fault.title() + "." : "%s: %s.".formatted(fault.title(), reason);
        };
    }
}
