package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.api.ApiException;

import org.stackbox.api.SchemaMessages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cinder's request fields, with the messages of its JSON schemas: sizes may come as strings of digits, booleans as
 * "true"/"false", metadata as maps of strings.
 */
final class RequestFields {
    private RequestFields() {}

    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final Pattern METADATA_KEY = Pattern.compile("^[a-zA-Z0-9-_:. /]{1,255}$");
    private static final long MAX_SIZE = Integer.MAX_VALUE;
    private static final int MAX_STRING_LENGTH = 255;

    /**
     * A size in GiB as Cinder's {@code volume_size} type takes it: an integer from 1 to the database's largest, or a
     * string of digits; anything else is jsonschema's refusal.
     */
    static Optional<Integer> optionalSize(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            if (node.bigIntegerValue().signum() < 1) {
                throw SchemaMessages.invalid(field, node, "%s is less than the minimum of 1".formatted(node.bigIntegerValue()));
            }
            if (node.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_SIZE)) > 0) {
                throw SchemaMessages.invalid(field, node, "%s is greater than the maximum of %d"
                        .formatted(node.bigIntegerValue(), MAX_SIZE));
            }
            return Optional.of(node.intValue());
        }
        if (!node.isTextual()) {
            throw SchemaMessages.invalid(field, node, SchemaMessages.notOfType(node, "integer", "string", "null"));
        }
        if (!DIGITS.matcher(node.asText()).matches()) {
            throw SchemaMessages.invalid(field, node, "%s does not match '^[0-9]+$'".formatted(SchemaMessages.pythonRepr(node)));
        }
        try {
            return Optional.of(Integer.parseInt(node.asText()));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input received: %s must be an integer.", field);
        }
    }

    static int requireSize(JsonNode parent, String field) {
        return optionalSize(parent, field).orElseThrow(() -> ApiException.badRequest("%s", SchemaMessages.required(field)));
    }

    /** A name or description: a string or null, at most 255 characters once trimmed (Cinder's name format). */
    static Optional<String> optionalName(JsonNode parent, String field, String entity) {
        Optional<String> value = optionalString(parent, field);
        value.ifPresent(text -> {
            int length = text.strip().length();
            if (length > MAX_STRING_LENGTH) {
                throw ApiException.badRequest("Invalid input received: %s has %d characters, more than %d.", entity,
                        length, MAX_STRING_LENGTH);
            }
        });
        return value;
    }

    /** An id of another resource: Cinder's {@code optional_uuid}. */
    static Optional<String> optionalUuid(JsonNode parent, String field) {
        Optional<String> value = optionalString(parent, field);
        value.ifPresent(text -> {
            if (!UUID.matcher(text).matches()) {
                throw SchemaMessages.invalid(field, parent.get(field), "%s is not a 'uuid'".formatted(SchemaMessages.pythonString(text)));
            }
        });
        return value;
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
            throw SchemaMessages.invalid(field, node, SchemaMessages.notOfType(node, "string", "null"));
        }
        return Optional.of(node.asText());
    }

    /**
     * Metadata as Cinder's {@code extra_specs} type takes it: an object (or null) whose keys are 1 to 255 letters,
     * digits and {@code -_:. /}, and whose values are strings of at most 255 characters.
     */
    static Optional<Map<String, String>> optionalStringMap(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw SchemaMessages.invalid(field, node, SchemaMessages.notOfType(node, "object", "null"));
        }
        Map<String, String> map = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        node.fields().forEachRemaining(entry -> {
            if (!METADATA_KEY.matcher(entry.getKey()).matches()) {
                unexpected.add(entry.getKey());
                return;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.notOfType(value, "string"));
            }
            if (value.asText().length() > MAX_STRING_LENGTH) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.pythonRepr(value) + " is too long");
            }
            map.put(entry.getKey(), value.asText());
        });
        if (!unexpected.isEmpty()) {
            throw SchemaMessages.invalid(field, node, SchemaMessages.additionalProperties(unexpected));
        }
        return Optional.of(map);
    }
}
