package org.stackbox.identity.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.Json;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The parts of Keystone's request schemas ({@code keystone/common/validation/parameter_types.py},
 * {@code keystone/resource/schema.py}) that Stackbox checks, with the message Keystone's validator makes of
 * jsonschema's: {@code Invalid input for field '<field>': <message>}.
 *
 * <p>One check is Stackbox's own: a name with a control character (a NUL ...) passes Keystone's {@code [\S]+}, but
 * its SQL backends cannot store a NUL (PostgreSQL refuses it, a 500 there), and Stackbox runs on PostgreSQL too.
 */
final class KeystoneSchema {
    private static final int MAX_NAME_LENGTH = 255;
    private static final Pattern NOT_ONLY_SPACES = Pattern.compile("[\\S]+");
    private static final Pattern ID_STRING = Pattern.compile("^[a-zA-Z0-9-]+$");
    private static final Pattern TAG = Pattern.compile("^[^,/]*$");
    private static final int MAX_TAGS = 80;

    private KeystoneSchema() {}

    /** A request's JSON body; Keystone reads only JSON bodies (its json_body middleware) and says so. */
    static ObjectNode body(Context context) {
        String contentType = context.contentType();
        if (contentType != null && !contentType.isBlank()
                && !contentType.split(";")[0].strip().equalsIgnoreCase("application/json")) {
            throw ApiException.badRequest("Expecting to find application/json in Content-Type header. The server could "
                    + "not comply with the request since it is either malformed or otherwise incorrect. The client is "
                    + "assumed to be in error.");
        }
        return Json.parseObject(context.bodyAsBytes());
    }

    /** {@code parameter_types.name}: a string of 1 to 255 characters that is not only whitespace. */
    static Optional<String> name(ObjectNode object, String field) {
        Optional<JsonNode> value = typed(object, field, false, JsonNode::isTextual, "string");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = value.get();
        String name = node.asText();
        if (name.isEmpty()) {
            throw invalid(field, "%s is too short".formatted(SchemaMessages.pythonRepr(node)));
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw invalid(field, "%s is too long".formatted(SchemaMessages.pythonRepr(node)));
        }
        if (!NOT_ONLY_SPACES.matcher(name).find()) {
            throw invalid(field, "%s does not match '[\\\\S]+'".formatted(SchemaMessages.pythonRepr(node)));
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "%s contains a control character".formatted(SchemaMessages.pythonRepr(node)));
        }
        return Optional.of(name);
    }

    static String requireName(ObjectNode object, String field) {
        return name(object, field).orElseThrow(() -> ApiException.badRequest("%s", SchemaMessages.required(field)));
    }

    /** {@code parameter_types.boolean}. */
    static Optional<Boolean> bool(ObjectNode object, String field) {
        return typed(object, field, false, JsonNode::isBoolean, "boolean").map(JsonNode::asBoolean);
    }

    /** A string or null (a user's password). */
    static Optional<String> nullableString(ObjectNode object, String field) {
        return typed(object, field, true, JsonNode::isTextual, "string", "null").map(JsonNode::asText);
    }

    /** The field's value when present (and, if {@code nullable}, not null), refused unless of the given type. */
    private static Optional<JsonNode> typed(ObjectNode object, String field, boolean nullable,
                                            Predicate<JsonNode> ofType, String... types) {
        JsonNode node = object.get(field);
        if (node == null || nullable && node.isNull()) {
            return Optional.empty();
        }
        if (!ofType.test(node)) {
            throw invalid(field, SchemaMessages.notOfType(node, types));
        }
        return Optional.of(node);
    }

    /** {@code validation.nullable(parameter_types.id_string)}: 1 to 64 letters, digits and dashes, or null. */
    static Optional<String> nullableId(ObjectNode object, String field) {
        Optional<String> id = nullableString(object, field);
        id.ifPresent(text -> {
            if (text.isEmpty() || text.length() > 64 || !ID_STRING.matcher(text).matches()) {
                throw invalid(field, "%s does not match '^[a-zA-Z0-9-]+$'".formatted(SchemaMessages.pythonString(text)));
            }
        });
        return id;
    }

    /** A project's {@code tags}: at most 80 strings of up to 255 characters without commas or slashes. */
    static void checkTags(ObjectNode project) {
        JsonNode tags = project.get("tags");
        if (tags == null) {
            return;
        }
        if (!tags.isArray()) {
            throw invalid("tags", SchemaMessages.notOfType(tags, "array"));
        }
        if (tags.size() > MAX_TAGS) {
            throw invalid("tags", "%s is too long".formatted(SchemaMessages.pythonRepr(tags)));
        }
        for (int index = 0; index < tags.size(); index++) {
            JsonNode tag = tags.get(index);
            String field = "tags/" + index;
            if (!tag.isTextual()) {
                throw invalid(field, SchemaMessages.notOfType(tag, "string"));
            }
            if (tag.asText().isEmpty() || tag.asText().length() > MAX_NAME_LENGTH) {
                throw invalid(field, "%s is too %s".formatted(SchemaMessages.pythonRepr(tag), tag.asText().isEmpty() ? "short" : "long"));
            }
            if (!TAG.matcher(tag.asText()).matches()) {
                throw invalid(field, "%s does not match '^[^,/]*$'".formatted(SchemaMessages.pythonRepr(tag)));
            }
        }
    }

    static ApiException invalid(String field, String message) {
        return ApiException.badRequest("Invalid input for field '%s': %s", field, message);
    }
}
