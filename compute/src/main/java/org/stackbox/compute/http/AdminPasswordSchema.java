package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.SchemaMessages;

import java.util.Optional;
import java.util.Set;

/**
 * Nova's {@code change_password} schema: {@code {"changePassword": {"adminPass": "..."}}}, the password any string
 * (Nova limits neither its length nor its characters), nothing else beside it. Checked in jsonschema's order (the
 * object's type, its properties' types, the required ones, then unknown ones), so the first failure is Nova's.
 */
final class AdminPasswordSchema {
    private AdminPasswordSchema() {}

    static String parse(ObjectNode body) {
        JsonNode request = body.get("changePassword");
        if (!request.isObject()) {
            throw SchemaMessages.invalid("changePassword", request, SchemaMessages.notOfType(request, "object"));
        }
        JsonNode password = request.get("adminPass");
        if (password != null && !password.isTextual()) {
            throw SchemaMessages.invalid("adminPass", password, SchemaMessages.notOfType(password, "string"));
        }
        if (password == null) {
            throw SchemaMessages.invalid("changePassword", request, SchemaMessages.required("adminPass"));
        }
        SchemaMessages.refuseUnknown(request, Set.of("adminPass"), Optional.of("changePassword"));
        return password.asText();
    }
}
