package org.stackbox.console;

import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.HttpFault;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Serving the console page's own files (from the class path) and noVNC's (from its installed directory). */
final class StaticFiles {
    private static final String RESOURCES = "/org/stackbox/console/page/";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "oga", "audio/ogg",
            "mp3", "audio/mpeg");

    private StaticFiles() {}

    /** One of the page's own files, bundled in this module. */
    static void resource(Context context, String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing console page resource " + name);
            }
            send(context, name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file under {@code root}; 404 for anything outside it, 503 when noVNC is not installed. */
    static void file(Context context, Path root, String relative) {
        if (!Files.isDirectory(root)) {
            throw new ApiException(HttpFault.SERVICE_UNAVAILABLE,
                    "noVNC is not installed on this host (expected in %s; Debian's novnc package puts it there)."
                            .formatted(root));
        }
        Path file = root.resolve(relative).normalize();
        if (relative.isEmpty() || relative.startsWith("/") || !file.startsWith(root) || !Files.isRegularFile(file)) {
            throw ApiException.notFound("No such file: %s", relative);
        }
        try {
            send(context, file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(Context context, String name, byte[] content) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        context.status(200)
                .contentType(CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"))
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .result(content);
    }
}
