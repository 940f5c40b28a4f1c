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
import java.util.TreeSet;

/**
 * The attributes of a Neutron request body, read with Neutron's checks: the resource object must be there, attributes
 * Stackbox does not know are refused ({@code Unrecognized attribute(s)}), and values are converted as Neutron's
 * validators convert them (booleans from {@code "true"} or {@code 1} too).
 */
final class Attributes {
    private final ObjectNode node;

    private Attributes(ObjectNode node) {
        this.node = node;
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
        Set<String> unknown = new TreeSet<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw NeutronException.badRequest("Unrecognized attribute(s) '%s'", String.join(", ", unknown));
        }
        return new Attributes(object);
    }

    boolean has(String name) {
        return node.has(name);
    }

    boolean isNull(String name) {
        return node.has(name) && node.get(name).isNull();
    }

    Optional<String> string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(name, "'%s' is not a valid string".formatted(value));
        }
        return Optional.of(value.asText());
    }

    String requireString(String name) {
        return string(name).orElseThrow(() -> NeutronException.badRequest("Failed to parse request. Required "
                + "attribute '%s' not specified", name));
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
