package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Nova's {@code parameter_types.metadata} and the server metadata bodies built on it: an object whose keys are 1 to 255
 * of {@code [a-zA-Z0-9-_:. ]} and whose values are strings of at most 255 characters, refused with jsonschema's
 * messages as Nova words them.
 */
final class MetadataSchema {
    private static final Pattern KEY = Pattern.compile("^[a-zA-Z0-9-_:. ]{1,255}$");
    private static final int MAXIMUM_VALUE_LENGTH = 255;

    private MetadataSchema() {}

    /** {@code {"metadata": {...}}}, the body of setting items or replacing them all. */
    static Map<String, String> metadataBody(JsonNode body) {
        return items(member(body, "metadata"), "metadata");
    }

    /** {@code {"meta": {KEY: VALUE}}}, the body of setting one item, whose key must be the one in the path. */
    static Map<String, String> metaBody(JsonNode body, String key) {
        JsonNode meta = member(body, "meta");
        if (meta.isObject() && meta.isEmpty()) {
            throw SchemaMessages.invalid("meta", meta, "{} does not have enough properties");
        }
        if (meta.isObject() && meta.size() > 1) {
            throw SchemaMessages.invalid("meta", meta, SchemaMessages.pythonRepr(meta) + " has too many properties");
        }
        Map<String, String> items = items(meta, "meta");
        if (!items.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        return items;
    }

    private static JsonNode member(JsonNode body, String name) {
        if (!body.isObject()) {
            throw ApiException.badRequest("%s", SchemaMessages.notOfType(body, "object"));
        }
        if (!body.has(name)) {
            throw ApiException.badRequest("%s", SchemaMessages.required(name));
        }
        SchemaMessages.refuseUnknown(body, Set.of(name), Optional.empty());
        return body.get(name);
    }

    /** The items of a metadata object at {@code field}, in the order given. */
    static Map<String, String> items(JsonNode metadata, String field) {
        if (!metadata.isObject()) {
            throw SchemaMessages.invalid(field, metadata, SchemaMessages.notOfType(metadata, "object"));
        }
        Map<String, String> items = new LinkedHashMap<>();
        metadata.fields().forEachRemaining(entry -> {
            if (!KEY.matcher(entry.getKey()).matches()) {
                throw SchemaMessages.invalid(field, metadata, SchemaMessages.additionalProperties(Set.of(entry.getKey())));
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.notOfType(value, "string"));
            }
            if (value.asText().length() > MAXIMUM_VALUE_LENGTH) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.pythonRepr(value) + " is too long");
            }
            items.put(entry.getKey(), value.asText());
        });
        return items;
    }
}
