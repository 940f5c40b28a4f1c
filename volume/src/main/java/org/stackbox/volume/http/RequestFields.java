package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.api.ApiException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Cinder's lenient request fields: integers may come as strings, booleans as "true"/"false", maps of strings. */
final class RequestFields {
    private RequestFields() {}

    static Optional<Integer> optionalInteger(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.asInt());
        }
        if (node.isTextual()) {
            try {
                return Optional.of(Integer.parseInt(node.asText().strip()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. '%s' is not an integer.", field, node, node.asText());
    }

    static int requireInteger(JsonNode parent, String field) {
        return optionalInteger(parent, field)
                .orElseThrow(() -> ApiException.badRequest("Invalid input received: '%s' is a required property", field));
    }

    static Optional<Boolean> optionalBoolean(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(node.asBoolean());
        }
        if (node.isTextual()) {
            switch (node.asText().strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "t", "yes", "y", "on", "1":
                    return Optional.of(true);
                case "false", "f", "no", "n", "off", "0":
                    return Optional.of(false);
                default:
                    break;
            }
        }
        throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. It is not a boolean.", field, node);
    }

    static Optional<String> optionalString(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. It is not a string.", field, node);
        }
        return Optional.of(node.asText());
    }

    static Optional<Map<String, String>> optionalStringMap(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. It is not an object.", field, node);
        }
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw ApiException.badRequest("Invalid input for field/attribute %s: the value of '%s' must be a string.", field, entry.getKey());
            }
            if (entry.getKey().length() > 255 || entry.getValue().asText().length() > 255) {
                throw ApiException.badRequest("Invalid input for field/attribute %s: keys and values are at most 255 characters.", field);
            }
            map.put(entry.getKey(), entry.getValue().asText());
        });
        return Optional.of(map);
    }
}
