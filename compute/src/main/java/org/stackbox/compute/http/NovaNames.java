package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;

/**
 * Nova's {@code parameter_types.name} (servers, flavors): a string, in the {@code name} format (printable characters,
 * not starting or ending with whitespace), 1 to 255 long, checked in that order, with Nova's messages.
 */
final class NovaNames {
    static final int MAX_LENGTH = 255;

    private NovaNames() {}

    static String check(String field, JsonNode name) {
        if (!name.isTextual()) {
            throw SchemaMessages.invalid(field, name, SchemaMessages.notOfType(name, "string"));
        }
        String text = name.asText();
        if (!isValidName(text)) {
            throw ApiException.badRequest("An invalid 'name' value was provided. The name must be: printable "
                    + "characters. Can not start or end with whitespace.");
        }
        if (text.isEmpty()) {
            throw SchemaMessages.invalid(field, name, SchemaMessages.pythonRepr(name) + " is too short");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw SchemaMessages.invalid(field, name, SchemaMessages.pythonRepr(name) + " is too long");
        }
        return text;
    }

    /** valid_name_regex: printable characters only, and no whitespace at either end (the empty name passes). */
    private static boolean isValidName(String text) {
        if (text.codePoints().anyMatch(point -> Character.isISOControl(point)
                || Character.getType(point) == Character.UNASSIGNED || Character.getType(point) == Character.FORMAT)) {
            return false;
        }
        return text.isEmpty() || !(isSpace(text.codePointAt(0)) || isSpace(text.codePointBefore(text.length())));
    }

    private static boolean isSpace(int point) {
        return Character.isWhitespace(point) || Character.isSpaceChar(point);
    }
}
