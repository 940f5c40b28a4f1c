package org.stackbox.compute.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * One HTTP exchange with a guest on its metadata socket: a {@code GET} or {@code HEAD} request line and headers in,
 * one response out, then the connection closes. Guests are not trusted: the request head is bounded and anything
 * that is not a plain request gets a 400.
 */
final class MetadataHttp {
    static final int MAX_HEAD_BYTES = 8192;

    private MetadataHttp() {}

    /** Reads one request from {@code in} and writes its answer to {@code out}. */
    static void exchange(InputStream in, OutputStream out, Function<String, Optional<InstanceMetadata.Answer>> lookup)
            throws IOException {
        exchange(in, out, lookup, length -> { });
    }

    /** As above; {@code answering} learns the length of a found answer's body before it is written. */
    static void exchange(InputStream in, OutputStream out, Function<String, Optional<InstanceMetadata.Answer>> lookup,
                         LongConsumer answering) throws IOException {
        Optional<String> head = readHead(in);
        if (head.isEmpty()) {
            respond(out, 400, "Bad Request", InstanceMetadata.TEXT, body("400 Bad Request"), true);
            return;
        }
        String[] requestLine = head.get().split("\r\n", 2)[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            respond(out, 400, "Bad Request", InstanceMetadata.TEXT, body("400 Bad Request"), true);
            return;
        }
        String method = requestLine[0];
        boolean withBody = !method.equals("HEAD");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            respond(out, 405, "Method Not Allowed", InstanceMetadata.TEXT, body("405 Method Not Allowed"), true);
            return;
        }
        Optional<String> path = path(requestLine[1]);
        if (path.isEmpty()) {
            respond(out, 400, "Bad Request", InstanceMetadata.TEXT, body("400 Bad Request"), withBody);
            return;
        }
        Optional<InstanceMetadata.Answer> answer = lookup.apply(path.get());
        if (answer.isEmpty()) {
            respond(out, 404, "Not Found", InstanceMetadata.TEXT,
                    body("404 Not Found\n\nThe resource could not be found."), withBody);
            return;
        }
        answering.accept(answer.get().length());
        respond(out, 200, "OK", answer.get(), withBody);
    }

    /** The request target's path, decoded; an absolute URI's path too. */
    static Optional<String> path(String target) {
        String path = target;
        if (path.startsWith("http://")) {
            int slash = path.indexOf('/', "http://".length());
            path = slash < 0 ? "/" : path.substring(slash);
        }
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        try {
            return Optional.of(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The request line and headers, up to the blank line; empty if the head is too long or the stream ends. */
    private static Optional<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (head.size() < MAX_HEAD_BYTES) {
            int next = in.read();
            if (next < 0) {
                return Optional.empty();
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
            if (matched == end.length) {
                return Optional.of(head.toString(StandardCharsets.ISO_8859_1));
            }
        }
        return Optional.empty();
    }

    private static byte[] body(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(OutputStream out, int status, String reason, String contentType, byte[] body,
                                boolean withBody) throws IOException {
        respond(out, status, reason, new InstanceMetadata.Answer(body, contentType), withBody);
    }

    private static void respond(OutputStream out, int status, String reason, InstanceMetadata.Answer answer,
                                boolean withBody) throws IOException {
        String contentType = answer.contentType();
        String type = contentType.equals(InstanceMetadata.TEXT) ? "text/plain; charset=UTF-8" : contentType;
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + answer.length() + "\r\n"
                + (status == 405 ? "Allow: GET, HEAD\r\n" : "")
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (withBody) {
            answer.writeTo(out);
        }
        out.flush();
    }
}
