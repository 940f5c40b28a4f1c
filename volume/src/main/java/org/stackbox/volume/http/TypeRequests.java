package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bodies of Cinder's volume type calls, checked as its schemas check them ({@code cinder/api/schemas/
 * volume_types.py}, {@code types_extra_specs.py}, {@code volume_type_access.py}): each property in the schema's
 * order, then the required ones, then unknown keys, with jsonschema's messages.
 */
final class TypeRequests {
    static final String IS_PUBLIC = "os-volume-type-access:is_public";
    private static final int MAX_LENGTH = 255;
    /** Cinder's {@code extra_specs} keys on create (spaces allowed) and {@code extra_specs_with_no_spaces_key}. */
    static final Pattern TYPE_SPEC_KEY = Pattern.compile("^[a-zA-Z0-9-_:. /]{1,255}$");
    private static final Pattern SPEC_KEY = Pattern.compile("^[a-zA-Z0-9-_:.]{1,255}$");
    /** Cinder's {@code parameter_types.boolean}: these values and no other, in this order in its message. */
    private static final List<Object> BOOLEANS = List.of(true, "True", "TRUE", "true", "1", "ON", "On", "on", "YES",
            "Yes", "yes", "y", "t", false, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no", "n", "f");

    private TypeRequests() {}

    record NewType(String name, String description, boolean isPublic, Map<String, String> extraSpecs) {}

    record TypeChange(Optional<String> name, Optional<String> description, Optional<Boolean> isPublic) {}

    static NewType create(ObjectNode body) {
        ObjectNode type = member(body, "volume_type");
        JsonNode name = type.get("name");
        if (name != null) {
            requireName(name);
        }
        Optional<String> description = description(type);
        Optional<Map<String, String>> specs = specs(type, "extra_specs", TYPE_SPEC_KEY);
        Optional<Boolean> isPublic = optionalBoolean(type, IS_PUBLIC);
        if (name == null) {
            throw SchemaMessages.invalid("volume_type", type, SchemaMessages.required("name"));
        }
        SchemaMessages.refuseUnknown(type, Set.of("name", "description", "extra_specs", IS_PUBLIC),
                Optional.of("volume_type"));
        SchemaMessages.refuseUnknown(body, Set.of("volume_type"), Optional.empty());
        return new NewType(name.asText(), description.orElse(null), isPublic.orElse(true), specs.orElse(Map.of()));
    }

    static TypeChange update(ObjectNode body) {
        ObjectNode type = member(body, "volume_type");
        JsonNode name = type.get("name");
        if (name != null && !name.isNull()) {
            if (!name.isTextual()) {
                throw SchemaMessages.invalid("name", name, SchemaMessages.notOfType(name, "string", "null"));
            }
            requireLength("name", name, 1);
        }
        Optional<String> description = description(type);
        Optional<Boolean> isPublic = optionalBoolean(type, "is_public");
        SchemaMessages.refuseUnknown(type, Set.of("name", "description", "is_public"), Optional.of("volume_type"));
        SchemaMessages.refuseUnknown(body, Set.of("volume_type"), Optional.empty());
        Optional<String> newName = name == null || name.isNull() ? Optional.empty() : Optional.of(name.asText());
        if (newName.isPresent() && newName.get().isBlank()) {
            throw ApiException.badRequest("Volume type name can not be empty.");
        }
        if (newName.isEmpty() && description.isEmpty() && isPublic.isEmpty()) {
            throw ApiException.badRequest("Specify volume type name, description, is_public or a combination thereof.");
        }
        return new TypeChange(newName, description, isPublic);
    }

    /** {@code POST .../extra_specs}: {@code {"extra_specs": {...}}}. */
    static Map<String, String> extraSpecs(ObjectNode body) {
        JsonNode specs = body.get("extra_specs");
        if (specs != null && !specs.isObject()) {
            throw SchemaMessages.invalid("extra_specs", specs, SchemaMessages.notOfType(specs, "object"));
        }
        if (specs == null) {
            throw ApiException.badRequest("%s", SchemaMessages.required("extra_specs"));
        }
        Map<String, String> parsed = specMap((ObjectNode) specs, "extra_specs", SPEC_KEY);
        SchemaMessages.refuseUnknown(body, Set.of("extra_specs"), Optional.empty());
        return parsed;
    }

    /** {@code PUT .../extra_specs/{key}}: the body is one spec, of the key the URL names. */
    static Map<String, String> extraSpec(ObjectNode body, String key) {
        Map<String, String> spec = specMap(body, null, SPEC_KEY);
        if (spec.isEmpty()) {
            throw ApiException.badRequest("%s does not have enough properties", SchemaMessages.pythonRepr(body));
        }
        if (spec.size() > 1) {
            throw ApiException.badRequest("%s has too many properties", SchemaMessages.pythonRepr(body));
        }
        if (!spec.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        return spec;
    }

    /** The project of {@code {"addProjectAccess": {"project": ...}}} or {@code removeProjectAccess}. */
    static String project(ObjectNode body, String action) {
        ObjectNode access = member(body, action);
        JsonNode project = access.get("project");
        if (project != null) {
            if (!project.isTextual()) {
                throw SchemaMessages.invalid("project", project, SchemaMessages.notOfType(project, "string"));
            }
            requireLength("project", project, 1);
        }
        if (project == null) {
            throw SchemaMessages.invalid(action, access, SchemaMessages.required("project"));
        }
        SchemaMessages.refuseUnknown(access, Set.of("project"), Optional.of(action));
        SchemaMessages.refuseUnknown(body, Set.of(action), Optional.empty());
        return project.asText();
    }

    /**
     * Cinder's {@code is_public} list filter: absent means public types (and the private ones shared with the
     * caller's project), "none" every type, otherwise a strict boolean.
     */
    static Optional<Boolean> isPublicFilter(String value) {
        if (value == null) {
            return Optional.of(true);
        }
        if (value.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "t", "true", "on", "y", "yes" -> Optional.of(true);
            case "0", "f", "false", "off", "n", "no" -> Optional.of(false);
            default -> throw ApiException.badRequest("Invalid is_public filter [%s]", value);
        };
    }

    /**
     * The object at {@code field} of the body; the body's unknown keys are refused by the caller after the object's
     * own failures, as jsonschema reports them.
     */
    static ObjectNode member(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node != null && !node.isObject()) {
            throw SchemaMessages.invalid(field, node, SchemaMessages.notOfType(node, "object"));
        }
        if (node == null) {
            throw ApiException.badRequest("%s", SchemaMessages.required(field));
        }
        return (ObjectNode) node;
    }

    /** Cinder's {@code name}: a string of 1 to 255 characters, not only spaces (its "name" format). */
    private static void requireName(JsonNode name) {
        if (!name.isTextual()) {
            throw SchemaMessages.invalid("name", name, SchemaMessages.notOfType(name, "string"));
        }
        requireLength("name", name, 1);
        if (name.asText().isBlank()) {
            throw ApiException.badRequest("An invalid 'name' value was provided. The 'name' can not be empty.");
        }
    }

    private static Optional<String> description(ObjectNode type) {
        JsonNode description = type.get("description");
        if (description == null || description.isNull()) {
            return Optional.empty();
        }
        if (!description.isTextual()) {
            throw SchemaMessages.invalid("description", description,
                    SchemaMessages.notOfType(description, "string", "null"));
        }
        requireLength("description", description, 0);
        return Optional.of(description.asText());
    }

    static void requireLength(String field, JsonNode value, int minimum) {
        int length = value.asText().codePointCount(0, value.asText().length());
        if (length < minimum) {
            throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value) + " is too short");
        }
        if (length > MAX_LENGTH) {
            throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value) + " is too long");
        }
    }

    private static Optional<Boolean> optionalBoolean(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean() && !node.isTextual()) {
            throw SchemaMessages.invalid(field, node, SchemaMessages.notOfType(node, "boolean", "string"));
        }
        Object value = node.isBoolean() ? (Object) node.asBoolean() : node.asText();
        int index = BOOLEANS.indexOf(value);
        if (index < 0) {
            StringBuilder allowed = new StringBuilder();
            for (Object each : BOOLEANS) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(each instanceof Boolean flag
                        ? (flag ? "True" : "False") : SchemaMessages.pythonString((String) each));
            }
            throw SchemaMessages.invalid(field, node, "%s is not one of [%s]".formatted(
                    SchemaMessages.pythonRepr(node), allowed));
        }
        return Optional.of(index < BOOLEANS.indexOf(false));
    }

    /** Extra specs at {@code field}: an object or null, keys matching {@code keys}, values strings (or null). */
    static Optional<Map<String, String>> specs(ObjectNode parent, String field, Pattern keys) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw SchemaMessages.invalid(field, node, SchemaMessages.notOfType(node, "object", "null"));
        }
        return Optional.of(specMap((ObjectNode) node, field, keys));
    }

    /** {@code field} null: the specs are the body itself, whose failures carry no field. */
    private static Map<String, String> specMap(ObjectNode node, String field, Pattern keys) {
        Map<String, String> specs = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        node.fields().forEachRemaining(entry -> {
            if (!keys.matcher(entry.getKey()).matches()) {
                unexpected.add(entry.getKey());
                return;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual() && !value.isNull()) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.notOfType(value, "string", "null"));
            }
            if (value.isTextual() && value.asText().codePointCount(0, value.asText().length()) > MAX_LENGTH) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.pythonRepr(value) + " is too long");
            }
            specs.put(entry.getKey(), value.isNull() ? null : value.asText());
        });
        if (!unexpected.isEmpty()) {
            String message = SchemaMessages.additionalProperties(unexpected);
            throw field == null ? ApiException.badRequest("%s", message) : SchemaMessages.invalid(field, node, message);
        }
        return specs;
    }
}
