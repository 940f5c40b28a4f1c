package org.stackbox.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/** Typed reads of request fields, each failing with a 400 that names the field. */
public final class JsonFields {
    private JsonFields() {}

    public static ObjectNode requireObject(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw ServiceException.invalid("'%s' is a required property", field);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ServiceException.invalid("Invalid input for field '%s': it must be an object", field);
        }
        return object;
    }

    public static Optional<ObjectNode> optionalObject(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode object)) {
            throw ServiceException.invalid("Invalid input for field '%s': it must be an object", field);
        }
        return Optional.of(object);
    }

    public static String requireString(JsonNode parent, String field) {
        return optionalString(parent, field)
                .orElseThrow(() -> ServiceException.invalid("'%s' is a required property", field));
    }

    public static Optional<String> optionalString(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ServiceException.invalid("Invalid input for field '%s': %s is not of type 'string'", field, printed(node));
        }
        return Optional.of(node.asText());
    }

    public static Optional<Boolean> optionalBoolean(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw ServiceException.invalid("Invalid input for field '%s': %s is not of type 'boolean'", field, printed(node));
        }
        return Optional.of(node.asBoolean());
    }

    /** A string value as Python's repr prints it in the services' messages ({@code 'yes'}); other values as JSON. */
    private static String printed(JsonNode node) {
        return node.isTextual() ? "'" + node.asText().replace("'", "\\'") + "'" : node.toString();
    }
}
