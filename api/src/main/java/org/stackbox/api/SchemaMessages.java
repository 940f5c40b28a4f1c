package org.stackbox.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The 400 messages of the services that validate bodies with JSON schemas (Nova, Cinder): jsonschema's own message,
 * prefixed as their validators prefix it, {@code Invalid input for field/attribute <last path element>. Value:
 * <the offending value, as Python prints it>. <message>}. Values are printed the way Python prints the parsed JSON
 * ({@code {'name': 'vm', 'count': 1, 'on': True}}), because that is what the services put in the message.
 */
public final class SchemaMessages {
    private SchemaMessages() {}

    /** The message for a failure inside the body, at {@code field} (the last element of the failure's path). */
    public static String invalidInput(String field, JsonNode value, String message) {
        // The validators format the value with %s, Python's str: a string bare, anything else as repr prints it.
        String printed = value != null && value.isTextual() ? value.asText() : pythonRepr(value);
        return "Invalid input for field/attribute %s. Value: %s. %s".formatted(field, printed, message);
    }

    /** The failure inside the body, as the 400 the services answer. */
    public static ApiException invalid(String field, JsonNode value, String message) {
        return ApiException.badRequest("%s", invalidInput(field, value, message));
    }

    /** jsonschema's message for keys an object's schema does not allow; the keys sorted as jsonschema sorts them. */
    public static String additionalProperties(Collection<String> unexpected) {
        List<String> sorted = unexpected.stream().sorted().toList();
        return "Additional properties are not allowed (%s %s unexpected)".formatted(
                sorted.stream().map(SchemaMessages::pythonString).collect(Collectors.joining(", ")),
                sorted.size() == 1 ? "was" : "were");
    }

    /**
     * Refuses the keys of {@code object} that are not {@code allowed}, as a schema with {@code additionalProperties:
     * false} does: at the body's top level ({@code field} empty) with jsonschema's bare message, inside it with the
     * field and the object's value.
     */
    public static void refuseUnknown(JsonNode object, Set<String> allowed, Optional<String> field) {
        Set<String> unexpected = unexpected(object, allowed);
        if (!unexpected.isEmpty()) {
            String message = additionalProperties(unexpected);
            throw field.isPresent() ? invalid(field.get(), object, message) : ApiException.badRequest("%s", message);
        }
    }

    /** The keys of {@code object} that are not {@code allowed}, sorted. */
    public static Set<String> unexpected(JsonNode object, Set<String> allowed) {
        Set<String> unexpected = new TreeSet<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unexpected.add(name);
            }
        });
        return unexpected;
    }

    public static String required(String property) {
        return pythonString(property) + " is a required property";
    }

    /** jsonschema's message for a value of the wrong type, e.g. {@code 5 is not of type 'string'}. */
    public static String notOfType(JsonNode value, String... types) {
        String names = types.length == 1 ? pythonString(types[0])
                : "'" + String.join("', '", types) + "'";
        return "%s is not of type %s".formatted(pythonRepr(value), names);
    }

    /** jsonschema's message for a value outside an enumeration, e.g. {@code 'x' is not one of ['a', 'b']}. */
    public static String notOneOf(JsonNode value, List<String> allowed) {
        return "%s is not one of [%s]".formatted(pythonRepr(value),
                allowed.stream().map(SchemaMessages::pythonString).collect(Collectors.joining(", ")));
    }

    /** How Python's {@code repr} prints the value {@code json.loads} makes of this JSON. */
    public static String pythonRepr(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(out, node);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("None");
        } else if (node.isBoolean()) {
            out.append(node.asBoolean() ? "True" : "False");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(pythonFloat(node.doubleValue()));
        } else if (node.isTextual()) {
            out.append(pythonString(node.asText()));
        } else if (node.isArray()) {
            out.append('[');
            for (Iterator<JsonNode> items = node.elements(); items.hasNext(); ) {
                append(out, items.next());
                if (items.hasNext()) {
                    out.append(", ");
                }
            }
            out.append(']');
        } else {
            out.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(pythonString(field.getKey())).append(": ");
                append(out, field.getValue());
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        }
    }

    /** Python's float repr: the shortest digits, fixed notation for exponents -4 to 15, else {@code 1e+20}. */
    private static String pythonFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String fixed = decimal.toPlainString();
            return fixed.contains(".") ? fixed : fixed + ".0";
        }
        String digits = decimal.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** Python's {@code repr} of a string: single quotes unless the text has one and no double quote. */
    public static String pythonString(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        text.codePoints().forEach(point -> {
            switch (point) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (point == quote) {
                        out.append('\\').append((char) point);
                    } else if (point < 0x20 || point == 0x7f) {
                        out.append("\\x%02x".formatted(point));
                    } else {
                        out.appendCodePoint(point);
                    }
                }
            }
        });
        return out.append(quote).toString();
    }
}
