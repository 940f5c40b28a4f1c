package org.stackbox.image.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.ApiException;
import org.stackbox.common.Json;
import org.stackbox.image.ImageQuery;
import org.stackbox.image.MemberStatus;
import org.stackbox.image.PatchOperation;
import org.stackbox.image.Visibility;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Turns image request bodies and query strings into typed commands; malformed input is a 400 here. */
final class ImageRequests {
    static final Set<String> PATCH_MEDIA_TYPES = Set.of("application/openstack-images-v2.1-json-patch",
            "application/openstack-images-v2.0-json-patch");
    private static final Set<String> FILTERABLE = Set.of("name", "status", "owner", "disk_format", "container_format", "id");
    private static final Set<String> PAGING = Set.of("limit", "marker", "sort_key", "sort_dir", "sort");

    private ImageRequests() {}

    /** The body of {@code POST /v2/images}, as the requested id and one {@code add} per attribute. */
    record Create(Optional<String> id, List<PatchOperation> attributes) {}

    static Create create(byte[] body) {
        ObjectNode object = parseObject(body);
        Optional<String> id = Optional.empty();
        List<PatchOperation> attributes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("id")) {
                if (!field.getValue().isTextual()) {
                    throw ApiException.badRequest("Invalid value for 'id': %s is not of type 'string'", field.getValue());
                }
                id = Optional.of(field.getValue().asText());
            } else {
                attributes.add(PatchOperation.add(field.getKey(), field.getValue()));
            }
        }
        return new Create(id, attributes);
    }

    /** A JSON patch body: {@code [{"op": "replace", "path": "/name", "value": "x"}, ...]}. */
    static List<PatchOperation> patch(String contentType, byte[] body) {
        String mediaType = contentType == null ? "" : contentType.split(";")[0].strip();
        if (!PATCH_MEDIA_TYPES.contains(mediaType)) {
            throw new ApiException(org.stackbox.api.HttpFault.UNSUPPORTED_MEDIA_TYPE,
                    "The request media type %s is not supported by this server; use application/openstack-images-v2.1-json-patch."
                            .formatted(mediaType.isEmpty() ? "(none)" : mediaType));
        }
        JsonNode node = parse(body);
        if (!(node instanceof ArrayNode operations)) {
            throw ApiException.badRequest("Request body must be a JSON array of operation objects.");
        }
        if (mediaType.equals("application/openstack-images-v2.0-json-patch")) {
            operations = draft4(operations);
        }
        List<PatchOperation> changes = new ArrayList<>();
        for (JsonNode operation : operations) {
            if (!operation.isObject() || !operation.path("op").isTextual() || !operation.path("path").isTextual()) {
                throw ApiException.badRequest("Operations must be JSON objects with 'op' and 'path'.");
            }
            PatchOperation.Op op = PatchOperation.Op.fromWireName(operation.get("op").asText());
            String attribute = pointer(operation.get("path").asText());
            JsonNode value = operation.get("value");
            if (op != PatchOperation.Op.REMOVE && value == null) {
                throw ApiException.badRequest("Operation \"%s\" requires a member named \"value\".", op.name().toLowerCase(java.util.Locale.ROOT));
            }
            changes.add(new PatchOperation(op, attribute, op == PatchOperation.Op.REMOVE ? null : value));
        }
        return changes;
    }

    /**
     * The operations of the older patch media type ({@code openstack-images-v2.0-json-patch}, JSON patch's draft 4),
     * which name the operation by its key ({@code {"replace": "/name", "value": "x"}}), in the current form
     * ({@code {"op": "replace", "path": "/name", "value": "x"}}); an operation in neither form is left as it is, for
     * the check that refuses it.
     */
    static ArrayNode draft4(ArrayNode operations) {
        ArrayNode current = operations.arrayNode();
        for (JsonNode operation : operations) {
            current.add(operation.isObject() && !operation.has("op") ? fromDraft4(operation) : operation);
        }
        return current;
    }

    private static JsonNode fromDraft4(JsonNode operation) {
        for (String op : List.of("add", "replace", "remove")) {
            if (operation.path(op).isTextual()) {
                com.fasterxml.jackson.databind.node.ObjectNode converted = JsonNodeFactory.instance.objectNode();
                converted.put("op", op);
                converted.set("path", operation.get(op));
                if (operation.has("value")) {
                    converted.set("value", operation.get("value"));
                }
                return converted;
            }
        }
        return operation;
    }

    static ImageQuery query(Map<String, List<String>> parameters) {
        Optional<Visibility> visibility = Optional.empty();
        boolean allVisibilities = false;
        String visibilityParameter = single(parameters, "visibility");
        if ("all".equals(visibilityParameter)) {
            allVisibilities = true;
        } else if (visibilityParameter != null) {
            visibility = Optional.of(Visibility.fromWireName(visibilityParameter));
        }
        String memberParameter = single(parameters, "member_status");
        Optional<MemberStatus> memberStatus = memberParameter == null ? Optional.of(MemberStatus.ACCEPTED)
                : memberParameter.equals("all") ? Optional.empty() : Optional.of(MemberStatus.fromWireName(memberParameter));
        Map<String, List<String>> attributes = new HashMap<>();
        Map<String, String> properties = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue().isEmpty() ? "" : parameter.getValue().get(0);
            if (FILTERABLE.contains(name)) {
                attributes.put(name, value.startsWith("in:") ? Arrays.asList(value.substring(3).split(",")) : List.of(value));
            } else if (!PAGING.contains(name) && !Set.of("visibility", "member_status", "tag", "os_hidden", "protected",
                    "size_min", "size_max").contains(name)) {
                properties.put(name, value);
            }
        }
        return new ImageQuery(visibility, allVisibilities, memberStatus, attributes,
                parameters.getOrDefault("tag", List.of()), properties,
                bool(parameters, "os_hidden").orElse(false), bool(parameters, "protected"),
                number(parameters, "size_min"), number(parameters, "size_max"), sort(parameters), limit(parameters),
                Optional.ofNullable(single(parameters, "marker")));
    }

    static ObjectNode parseObject(byte[] body) {
        JsonNode node = parse(body);
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        return object;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("Malformed JSON in request body.");
        }
        try {
            return Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("Malformed JSON in request body.");
        }
    }

    /** Decodes a one-level JSON pointer ({@code /name}, {@code /a~1b}) into an attribute name. */
    private static String pointer(String path) {
        if (!path.startsWith("/") || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw ApiException.badRequest("Invalid JSON pointer for this resource: '%s'", path);
        }
        return path.substring(1).replace("~1", "/").replace("~0", "~");
    }

    private static List<ImageQuery.SortKey> sort(Map<String, List<String>> parameters) {
        List<ImageQuery.SortKey> keys = new ArrayList<>();
        String sort = single(parameters, "sort");
        if (sort != null && (parameters.containsKey("sort_key") || parameters.containsKey("sort_dir"))) {
            throw ApiException.badRequest("Old and new sorting syntax cannot be combined");
        }
        if (sort != null) {
            for (String key : sort.split(",")) {
                String[] parts = key.strip().split(":");
                keys.add(new ImageQuery.SortKey(parts[0], parts.length < 2 || direction(parts[1])));
            }
            return keys;
        }
        List<String> sortKeys = parameters.getOrDefault("sort_key", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).toList();
        List<String> directions = parameters.getOrDefault("sort_dir", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).toList();
        // Glance checks every direction given, with or without a key to go with it.
        directions.forEach(ImageRequests::direction);
        for (int index = 0; index < sortKeys.size(); index++) {
            String direction = directions.isEmpty() ? "desc" : directions.get(Math.min(index, directions.size() - 1));
            keys.add(new ImageQuery.SortKey(sortKeys.get(index).strip(), direction(direction)));
        }
        return keys;
    }

    private static boolean direction(String direction) {
        return switch (direction.strip()) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw ApiException.badRequest("Invalid sort direction: %s", direction);
        };
    }

    private static int limit(Map<String, List<String>> parameters) {
        String limit = single(parameters, "limit");
        if (limit == null) {
            return ImageQuery.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return Math.min(value, ImageQuery.MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }

    private static Optional<Boolean> bool(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> Optional.of(true);
            case "false", "0", "no" -> Optional.of(false);
            default -> throw ApiException.badRequest("Invalid value for %s: %s is not a boolean", name, value);
        };
    }

    private static OptionalLong number(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid value for %s: %s is not an integer", name, value);
        }
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
