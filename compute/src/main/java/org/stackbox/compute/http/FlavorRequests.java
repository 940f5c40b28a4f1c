package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.Microversion;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.Ids;
import org.stackbox.compute.model.ComputeFlavor;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code POST /flavors} bodies, checked as Nova's {@code flavor_manage} schemas check them: sizes are integers (or
 * strings of digits) at least 1 (RAM, vCPUs) or 0 (disk, ephemeral, swap), the RX/TX factor a number above 0, and no
 * key the schema does not have. Each refusal is Nova's 400 with jsonschema's message.
 */
final class FlavorRequests {
    /** Nova's {@code db.MAX_INT}: the largest size its columns hold. */
    private static final long MAX_INT = 0x7FFFFFFF;
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
    private static final Pattern FACTOR = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");
    private static final Pattern ID = Pattern.compile("^(?! )[a-zA-Z0-9. _-]+(?<! )$");
    private static final Set<String> KEYS = Set.of("name", "id", "ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral",
            "swap", "rxtx_factor", "os-flavor-access:is_public");
    /** 2.55 adds the description. */
    private static final Set<String> KEYS_WITH_DESCRIPTION = Stream.concat(KEYS.stream(), Stream.of("description"))
            .collect(Collectors.toUnmodifiableSet());

    private FlavorRequests() {}

    static ComputeFlavor create(ObjectNode body, Microversion version) {
        SchemaMessages.refuseUnknown(body, Set.of("flavor"), Optional.empty());
        JsonNode node = body.get("flavor");
        if (node == null) {
            throw SchemaMessages.invalid("flavor", body, SchemaMessages.required("flavor"));
        }
        if (!(node instanceof ObjectNode flavor)) {
            throw SchemaMessages.invalid("flavor", node, SchemaMessages.notOfType(node, "object"));
        }
        for (String required : new String[] {"name", "ram", "vcpus", "disk"}) {
            if (!flavor.has(required)) {
                throw SchemaMessages.invalid("flavor", flavor, SchemaMessages.required(required));
            }
        }
        SchemaMessages.refuseUnknown(flavor, version.atLeast(2, 55) ? KEYS_WITH_DESCRIPTION : KEYS,
                Optional.of("flavor"));
        String name = NovaNames.check("name", flavor.get("name"));
        String id = id(flavor.get("id"));
        int ram = size(flavor, "ram", 1);
        int vcpus = size(flavor, "vcpus", 1);
        int disk = size(flavor, "disk", 0);
        int ephemeral = flavor.has("OS-FLV-EXT-DATA:ephemeral") ? size(flavor, "OS-FLV-EXT-DATA:ephemeral", 0) : 0;
        int swap = flavor.has("swap") ? size(flavor, "swap", 0) : 0;
        double rxtx = flavor.has("rxtx_factor") ? factor(flavor.get("rxtx_factor")) : 1.0;
        boolean isPublic = !flavor.has("os-flavor-access:is_public")
                || ServerRequests.bool(flavor.get("os-flavor-access:is_public"), "os-flavor-access:is_public").orElse(true);
        String description = description(flavor.get("description"));
        return new ComputeFlavor(id, name, ram, vcpus, disk, ephemeral, swap, rxtx, isPublic, description, Map.of(),
                false);
    }

    /** No id, null or {@code auto} asks Nova for a UUID. */
    private static String id(JsonNode value) {
        if (value == null || value.isNull() || value.asText().equals("auto")) {
            return Ids.uuid();
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw SchemaMessages.invalid("id", value, SchemaMessages.notOfType(value, "string", "number", "null"));
        }
        String id = value.asText();
        if (id.isEmpty() || id.length() > 255 || !ID.matcher(id).matches()) {
            throw SchemaMessages.invalid("id", value, SchemaMessages.pythonRepr(value)
                    + " does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'");
        }
        return id;
    }

    /** Nova's {@code flavor_param_positive} and {@code flavor_param_non_negative}: an integer or a string of digits. */
    private static int size(ObjectNode flavor, String field, int minimum) {
        JsonNode value = flavor.get(field);
        long size;
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value)
                        + " is greater than the maximum of " + MAX_INT);
            }
            size = value.asLong();
        } else if (value.isTextual()) {
            if (!DIGITS.matcher(value.asText()).matches()) {
                throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value)
                        + " does not match '^[0-9]+$'");
            }
            try {
                size = Long.parseLong(value.asText());
            } catch (NumberFormatException e) {
                size = Long.MAX_VALUE;
            }
        } else {
            throw SchemaMessages.invalid(field, value, SchemaMessages.notOfType(value, "integer", "string"));
        }
        if (size < minimum) {
            throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value)
                    + " is less than the minimum of " + minimum);
        }
        if (size > MAX_INT) {
            throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value)
                    + " is greater than the maximum of " + MAX_INT);
        }
        return (int) size;
    }

    /** A positive number, or a string of digits with an optional fraction. */
    private static double factor(JsonNode value) {
        double factor;
        if (value.isNumber()) {
            factor = value.asDouble();
        } else if (value.isTextual() && FACTOR.matcher(value.asText()).matches()) {
            factor = Double.parseDouble(value.asText());
        } else if (value.isTextual()) {
            throw SchemaMessages.invalid("rxtx_factor", value, SchemaMessages.pythonRepr(value)
                    + " does not match '^[0-9]+(\\\\.[0-9]+)?$'");
        } else {
            throw SchemaMessages.invalid("rxtx_factor", value, SchemaMessages.notOfType(value, "number", "string"));
        }
        if (factor <= 0 || Double.isInfinite(factor)) {
            throw SchemaMessages.invalid("rxtx_factor", value, SchemaMessages.pythonRepr(value)
                    + " is less than or equal to the minimum of 0");
        }
        return factor;
    }

    private static String description(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw SchemaMessages.invalid("description", value, SchemaMessages.notOfType(value, "string", "null"));
        }
        if (value.asText().length() > 65535) {
            throw SchemaMessages.invalid("description", value, SchemaMessages.pythonRepr(value) + " is too long");
        }
        return value.asText();
    }
}
