package org.stackbox.image.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.api.HttpFault;
import org.stackbox.common.JsonFields;
import org.stackbox.image.ByteRangeRequest;
import org.stackbox.image.ImageContent;
import org.stackbox.image.ImageTransfers;
import org.stackbox.image.RangeNotSatisfiableException;
import org.stackbox.storage.image.MappableData;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** Image data over HTTP: upload, stage, import and (ranged) download, streamed in both directions. */
final class ImageDataRoutes {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int COPY_BUFFER = 1 << 20;

    private final ImageTransfers transfers;

    ImageDataRoutes(ImageTransfers transfers) {
        this.transfers = requireNonNull(transfers, "transfers is null");
    }

    void register(ServiceRoutes routes) {
        routes.put("/v2/images/{id}/file", "upload_image", this::upload);
        routes.get("/v2/images/{id}/file", "download_image", this::download);
        routes.put("/v2/images/{id}/stage", "upload_image", this::stage);
        routes.post("/v2/images/{id}/import", "upload_image", this::importStaged);
    }

    private void upload(Context context, Caller caller) throws IOException {
        requireOctetStream(context);
        try (InputStream data = context.req().getInputStream()) {
            transfers.upload(caller, context.pathParam("id"), data);
        }
        context.status(204).contentType("text/html; charset=UTF-8");
    }

    private void stage(Context context, Caller caller) throws IOException {
        requireOctetStream(context);
        try (InputStream data = context.req().getInputStream()) {
            transfers.stage(caller, context.pathParam("id"), data);
        }
        context.status(204).contentType("text/html; charset=UTF-8");
    }

    private void importStaged(Context context, Caller caller) {
        var body = ImageRequests.parseObject(context.bodyAsBytes());
        String method = JsonFields.requireString(JsonFields.requireObject(body, "method"), "name");
        transfers.importStaged(caller, context.pathParam("id"), method);
        context.status(202).contentType("text/html; charset=UTF-8");
    }

    private void download(Context context, Caller caller) throws IOException {
        ImageContent content;
        try {
            content = transfers.download(caller, context.pathParam("id"), range(context.header("Range")));
        } catch (RangeNotSatisfiableException e) {
            context.header("Content-Range", "bytes */" + e.size());
            context.status(416).contentType("application/json").result(org.stackbox.common.Json.writeBytes(
                    Map.of("requestedRangeNotSatisfiable", Map.of("code", 416, "message", e.getMessage()))));
            return;
        }
        if (content.data().isEmpty()) {
            context.status(204);
            return;
        }
        HttpServletResponse response = context.res();
        // glanceclient streams the body only for exactly application/octet-stream: no charset may follow it.
        response.setCharacterEncoding(null);
        response.setContentType("application/octet-stream");
        if (content.partial()) {
            response.setStatus(206);
            response.setHeader("Content-Range", "bytes %d-%d/%d".formatted(content.offset(),
                    content.offset() + content.length() - 1, content.totalSize()));
        } else {
            response.setStatus(200);
            response.setHeader("Content-MD5", content.image().checksum());
        }
        response.setContentLengthLong(content.length());
        try (InputStream data = content.data().get(); OutputStream out = response.getOutputStream()) {
            if (data instanceof MappableData mappable && out instanceof HttpOutput jetty) {
                mappable.transferMapped(jetty::write);
                return;
            }
            byte[] buffer = new byte[COPY_BUFFER];
            for (int count = data.read(buffer); count >= 0; count = data.read(buffer)) {
                out.write(buffer, 0, count);
            }
        }
    }

    private static Optional<ByteRangeRequest> range(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = RANGE.matcher(header.strip());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            // One range of bytes is all an image download needs; anything else is refused like a range beyond the end.
            throw ApiException.badRequest("Unsupported Range header '%s': use bytes=FIRST-LAST, bytes=FIRST- or bytes=-LENGTH.", header);
        }
        try {
            return Optional.of(new ByteRangeRequest(number(matcher.group(1)), number(matcher.group(2))));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid Range header '%s'.", header);
        }
    }

    private static OptionalLong number(String digits) {
        return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
    }

    private static void requireOctetStream(Context context) {
        String contentType = context.header("Content-Type");
        String mediaType = contentType == null ? "application/octet-stream" : contentType.split(";")[0].strip();
        if (!mediaType.equals("application/octet-stream")) {
            throw new ApiException(HttpFault.UNSUPPORTED_MEDIA_TYPE,
                    "The request media type %s is not supported by this server.".formatted(mediaType));
        }
    }
}
