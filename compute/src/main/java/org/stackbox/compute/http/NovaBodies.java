package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.Json;

import java.util.Optional;
import java.util.Set;

/**
 * A Nova request body: JSON whose top level every body schema types as an object, so another value is jsonschema's
 * refusal at the top ({@code [1, 2] is not of type 'object'}).
 */
final class NovaBodies {
    private NovaBodies() {}

    static ObjectNode object(Context context) {
        JsonNode body = Json.parse(context.bodyAsBytes());
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequest("%s", SchemaMessages.notOfType(body, "object"));
        }
        return object;
    }

    /** A member that Nova's schema types {@code string}; absent when the body has none. */
    static Optional<String> string(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw SchemaMessages.invalid(field, value, SchemaMessages.notOfType(value, "string"));
        }
        return Optional.of(value.asText());
    }

    /** The body's one member {@code name}: an object of {@code allowed} keys only, as Nova's body schemas say. */
    static JsonNode member(JsonNode body, String name, Set<String> allowed) {
        if (!body.has(name)) {
            throw ApiException.badRequest("%s", SchemaMessages.required(name));
        }
        SchemaMessages.refuseUnknown(body, Set.of(name), Optional.empty());
        JsonNode member = body.get(name);
        if (!member.isObject()) {
            throw SchemaMessages.invalid(name, member, SchemaMessages.notOfType(member, "object"));
        }
        SchemaMessages.refuseUnknown(member, allowed, Optional.of(name));
        return member;
    }
}
