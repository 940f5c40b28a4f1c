package org.stackbox.network.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.ServiceException;
import org.stackbox.common.Json;
import org.stackbox.network.spi.NeutronException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.TreeSet;

/**
 * The attributes of a Neutron request body, read with Neutron's checks: the resource object must be there, attributes
 * Stackbox does not know are refused ({@code Unrecognized attribute(s)}), and values are converted as Neutron's
 * validators convert them (booleans from {@code "true"} or {@code 1} too).
 */
final class Attributes {
    private static final int MAX_STRING_LENGTH = 255;
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private final ObjectNode node;

    private Attributes(ObjectNode node) {
        this.node = node;
    }

    /**
     * The {@code resource} object of an update's body: keys the resource does not have are unrecognized, keys it has
     * but does not let change are read-only (Neutron's prepare_request_body, in that order).
     */
    static Attributes ofUpdate(byte[] body, String resource, Set<String> updatable, Set<String> known) {
        Attributes attributes = of(body, resource, known);
        Set<String> readOnly = new TreeSet<>();
        attributes.node.fieldNames().forEachRemaining(name -> {
            if (!updatable.contains(name)) {
                readOnly.add(name);
            }
        });
        if (!readOnly.isEmpty()) {
            throw NeutronException.badRequest("Cannot update read-only attribute %s", readOnly.iterator().next());
        }
        return attributes;
    }

    /** The {@code resource} object of the body, e.g. {@code {"network": {...}}}, with only {@code allowed} keys. */
    static Attributes of(byte[] body, String resource, Set<String> allowed) {
        ObjectNode root;
        try {
            root = Json.parseObject(body);
        } catch (ServiceException e) {
            throw NeutronException.badRequest("Resource body required");
        }
        JsonNode value = root.get(resource);
        if (!(value instanceof ObjectNode object)) {
            throw NeutronException.badRequest("Unable to find '%s' in request body", resource);
        }
        requireKnown(object, allowed);
        return new Attributes(object);
    }

    /** The attributes of a nested object, e.g. a router's {@code external_gateway_info}, with only {@code allowed} keys. */
    static Attributes of(ObjectNode object, Set<String> allowed) {
        requireKnown(object, allowed);
        return new Attributes(object);
    }

    /** Refuses keys of {@code object} outside {@code allowed}, as Neutron does: {@code Unrecognized attribute(s)}. */
    static void requireKnown(ObjectNode object, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw NeutronException.badRequest("Unrecognized attribute(s) '%s'", String.join(", ", unknown));
        }
    }

    boolean has(String name) {
        return node.has(name);
    }

    boolean isNull(String name) {
        return node.has(name) && node.get(name).isNull();
    }

    /** The value as sent, for attributes Neutron converts itself (a protocol may be a name or a number). */
    Optional<JsonNode> raw(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    Optional<String> string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(name, "'%s' is not a valid string".formatted(value));
        }
        // Every string attribute of networks, subnets and ports is at most 255 long (neutron-lib's type:string).
        if (value.asText().length() > MAX_STRING_LENGTH) {
            throw invalid(name, "'%s' exceeds maximum length of %d".formatted(value.asText(), MAX_STRING_LENGTH));
        }
        return Optional.of(value.asText());
    }

    String requireString(String name) {
        return string(name).orElseThrow(() -> NeutronException.badRequest("Failed to parse request. Required "
                + "attribute '%s' not specified", name));
    }

    /** A required attribute that names a resource: neutron-lib's type:uuid. */
    String requireUuid(String name) {
        String value = requireString(name);
        if (!UUID.matcher(value).matches()) {
            throw invalid(name, "'%s' is not a valid UUID".formatted(value));
        }
        return value;
    }

    static boolean isUuid(String value) {
        return UUID.matcher(value).matches();
    }

    Optional<Boolean> bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        String text = value.asText().toLowerCase(java.util.Locale.ROOT);
        if (text.equals("true") || text.equals("1")) {
            return Optional.of(true);
        }
        if (text.equals("false") || text.equals("0")) {
            return Optional.of(false);
        }
        throw invalid(name, "'%s' cannot be converted to boolean".formatted(value.asText()));
    }

    Optional<Integer> integer(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(value.isInt() ? value.asInt() : Integer.parseInt(value.asText().strip()));
        } catch (NumberFormatException e) {
            throw invalid(name, "'%s' is not an integer".formatted(value.asText()));
        }
    }

    /** neutron-lib's type:non_negative (the MTU). */
    Optional<Integer> nonNegative(String name) {
        Optional<Integer> value = integer(name);
        if (value.isPresent() && value.get() < 0) {
            throw invalid(name, "'%d' should be non-negative".formatted(value.get()));
        }
        return value;
    }

    /** A list of objects, e.g. {@code fixed_ips}; empty when absent. */
    Optional<List<ObjectNode>> objects(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw invalid(name, "'%s' is not a list".formatted(value));
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode item : value) {
            if (!(item instanceof ObjectNode object)) {
                throw invalid(name, "'%s' is not a dictionary".formatted(item));
            }
            objects.add(object);
        }
        return Optional.of(objects);
    }

    Optional<List<String>> strings(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw invalid(name, "'%s' is not a list".formatted(value));
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid(name, "'%s' is not a valid string".formatted(item));
            }
            strings.add(item.asText());
        }
        return Optional.of(strings);
    }

    /** Refuses a value Stackbox cannot honour, e.g. a subnet pool; null (or the default) is fine. */
    void requireAbsentOr(String name, Object acceptable, String why) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        if (acceptable != null && Json.MAPPER.valueToTree(acceptable).equals(value)) {
            return;
        }
        throw invalid(name, why);
    }

    static NeutronException invalid(String name, String reason) {
        return NeutronException.badRequest("Invalid input for %s. Reason: %s.", name, reason);
    }
}
