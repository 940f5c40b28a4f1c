package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.ComputeQuotas;
import org.stackbox.image.spi.ImageFilter;
import org.stackbox.image.spi.ImageSummary;
import org.stackbox.image.spi.Images;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Nova's image proxy, {@code /images} and {@code /images/{id}/metadata}: the image service's images as Nova showed
 * them before clients went to Glance (list, detail, show and delete up to microversion 2.35, their metadata up to
 * 2.38; 404 after). Glance's rules decide who sees, changes and deletes what.
 */
final class ImageProxyRoutes {
    private static final String BASE = "/v2.1/images";
    private static final String METADATA = BASE + "/{id}/metadata";
    private static final String RULE = "stackbox:compute:images:";
    private static final Set<String> JSON_PROPERTIES = Set.of("block_device_mapping", "mappings");
    private static final int MAX_LIMIT = 1000;

    private final Images images;
    private final ComputeQuotas quotas;
    private final MicroversionNegotiator versions;
    private final ComputeViews views;
    private final String computeUrl;

    ImageProxyRoutes(Images images, ComputeQuotas quotas, MicroversionNegotiator versions, ComputeViews views,
                     String computeUrl) {
        this.images = requireNonNull(images, "images is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.views = requireNonNull(views, "views is null");
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, RULE + "index", (context, caller) -> list(context, caller, false));
        routes.get(BASE + "/detail", RULE + "index", (context, caller) -> list(context, caller, true));
        routes.get(BASE + "/{id}", RULE + "show", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 35);
            Responses.ok(context, Map.of("image", detail(image(caller, context.pathParam("id")))));
        });
        routes.delete(BASE + "/{id}", RULE + "delete", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 35);
            String id = context.pathParam("id");
            image(caller, id);
            images.delete(caller, id);
            Responses.noContent(context);
        });
        routes.get(METADATA, RULE + "metadata:index", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 38);
            Responses.ok(context, Map.of("metadata", metadata(image(caller, context.pathParam("id")).properties())));
        });
        routes.post(METADATA, RULE + "metadata:create", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 38);
            Map<String, String> added = MetadataSchema.metadataBody(Json.parseObject(context.bodyAsBytes()));
            Map<String, String> properties = new LinkedHashMap<>(image(caller, context.pathParam("id")).properties());
            properties.putAll(added);
            Responses.ok(context, Map.of("metadata", metadata(replace(context, caller, properties).properties())));
        });
        routes.put(METADATA, RULE + "metadata:update_all", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 38);
            Map<String, String> properties = MetadataSchema.metadataBody(Json.parseObject(context.bodyAsBytes()));
            image(caller, context.pathParam("id"));
            replace(context, caller, properties);
            Responses.ok(context, Map.of("metadata", properties));
        });
        routes.get(METADATA + "/{key}", RULE + "metadata:show", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 38);
            String key = context.pathParam("key");
            Map<String, Object> metadata = metadata(image(caller, context.pathParam("id")).properties());
            if (!metadata.containsKey(key)) {
                throw ServiceException.notFound("The resource could not be found.");
            }
            Responses.ok(context, Map.of("meta", Map.of(key, metadata.get(key))));
        });
        routes.put(METADATA + "/{key}", RULE + "metadata:update", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 38);
            String key = context.pathParam("key");
            Map<String, String> item = MetadataSchema.metaBody(Json.parseObject(context.bodyAsBytes()), key);
            Map<String, String> properties = new LinkedHashMap<>(image(caller, context.pathParam("id")).properties());
            properties.putAll(item);
            replace(context, caller, properties);
            Responses.ok(context, Map.of("meta", item));
        });
        routes.delete(METADATA + "/{key}", RULE + "metadata:delete", (context, caller) -> {
            ProxyRemoval.requireAtMost(versions, context, 38);
            String key = context.pathParam("key");
            Map<String, String> properties = new LinkedHashMap<>(image(caller, context.pathParam("id")).properties());
            if (properties.remove(key) == null) {
                throw ServiceException.notFound("Invalid metadata key");
            }
            images.replaceProperties(caller, context.pathParam("id"), properties);
            Responses.noContent(context);
        });
    }

    private ImageSummary image(Caller caller, String id) {
        return images.findInAnyState(caller, id).orElseThrow(() -> ServiceException.notFound("Image not found."));
    }

    /** Nova's check of the image's metadata against the project's {@code metadata_items} quota. */
    private ImageSummary replace(Context context, Caller caller, Map<String, String> properties) {
        if (!properties.isEmpty() && properties.size() > quotas.metadataItems(caller.projectId())) {
            throw ServiceException.forbidden("Image metadata limit exceeded");
        }
        return images.replaceProperties(caller, context.pathParam("id"), properties);
    }

    private void list(Context context, Caller caller, boolean detailed) {
        ProxyRemoval.requireAtMost(versions, context, 35);
        NovaListQuery query = new NovaListQuery(context).digits("limit").digits("minRam").digits("minDisk");
        Integer limit = query.limit();
        Map<String, String> properties = new HashMap<>();
        context.queryParamMap().forEach((name, values) -> {
            if (name.startsWith("property-")) {
                properties.put(name.substring("property-".length()), values.get(0));
            }
        });
        Optional.ofNullable(context.queryParam("server"))
                .ifPresent(server -> properties.put("instance_uuid", server.substring(server.lastIndexOf('/') + 1)));
        Optional.ofNullable(context.queryParam("type")).ifPresent(type -> properties.put("image_type", type));
        List<ImageSummary> found = images.list(caller, new ImageFilter(
                Optional.ofNullable(context.queryParam("name")),
                Optional.ofNullable(context.queryParam("status")).map(String::toLowerCase),
                changesSince(context.queryParam("changes-since")), properties,
                integer(context.queryParam("minRam")), integer(context.queryParam("minDisk")),
                limit == null ? OptionalInt.empty() : OptionalInt.of(Math.min(limit, MAX_LIMIT)),
                Optional.ofNullable(context.queryParam("marker"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", found.stream().map(image -> detailed ? detail(image) : summary(image)).toList());
        int pageSize = limit == null ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
        if (pageSize > 0 && found.size() == pageSize) {
            body.put("images_links", List.of(Map.of("rel", "next",
                    "href", query.nextHref(computeUrl + BASE + (detailed ? "/detail" : ""),
                            found.get(found.size() - 1).id()))));
        }
        Responses.ok(context, body);
    }

    private static OptionalInt integer(String value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    private static Optional<Instant> changesSince(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid changes-since value");
        }
    }

    private Map<String, Object> summary(ImageSummary image) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", image.id());
        view.put("name", image.name());
        view.put("links", views.imageLinks(image.id()));
        return view;
    }

    /** Nova's image detail: Glance's status in capitals, a progress figure and the server a snapshot came from. */
    private Map<String, Object> detail(ImageSummary image) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", image.id());
        view.put("name", image.name());
        view.put("minRam", image.minRam());
        view.put("minDisk", image.minDisk());
        view.put("metadata", metadata(image.properties()));
        view.put("created", ComputeViews.time(image.createdAt()));
        view.put("updated", ComputeViews.time(image.updatedAt()));
        view.put("status", switch (image.status()) {
            case "active" -> "ACTIVE";
            case "queued", "saving" -> "SAVING";
            case "deleted", "pending_delete" -> "DELETED";
            case "killed" -> "ERROR";
            default -> "UNKNOWN";
        });
        view.put("progress", switch (image.status()) {
            case "queued" -> 25;
            case "saving" -> 50;
            case "active" -> 100;
            default -> 0;
        });
        view.put("OS-EXT-IMG-SIZE:size", image.size());
        view.put("links", views.imageLinks(image.id()));
        String server = image.properties().get("instance_uuid");
        if (server != null) {
            view.put("server", Map.of("id", server, "links", views.serverLinks(server)));
        }
        String autoDiskConfig = image.properties().get("auto_disk_config");
        if (autoDiskConfig != null) {
            view.put("OS-DCF:diskConfig", Set.of("1", "t", "true", "on", "y", "yes")
                    .contains(autoDiskConfig.strip().toLowerCase()) ? "AUTO" : "MANUAL");
        }
        return view;
    }

    /** The image's properties as Nova gives them: its block device mappings as JSON, not as the string Glance keeps. */
    private static Map<String, Object> metadata(Map<String, String> properties) {
        Map<String, Object> metadata = new java.util.TreeMap<>();
        properties.forEach((key, value) -> {
            if (JSON_PROPERTIES.contains(key)) {
                try {
                    JsonNode parsed = Json.MAPPER.readTree(value);
                    metadata.put(key, parsed);
                    return;
                } catch (java.io.IOException | RuntimeException notJson) {
                    // Nova would fail on it; shown as it is kept
                }
            }
            metadata.put(key, value);
        });
        return metadata;
    }
}
