package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Map;

/** Each service's own refusal of a call its policy does not allow, as the real service words it. */
final class MatrixFaults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BODIES = Map.of(
            "compute", "{\"forbidden\":{\"code\":403,\"message\":\"Policy doesn't allow %s to be performed.\"}}",
            "volume", "{\"forbidden\":{\"code\":403,\"message\":\"Policy doesn't allow %s to be performed.\"}}",
            "image", "{\"forbidden\":{\"code\":403,\"message\":\"You are not authorized to complete %s action.\"}}",
            "identity", "{\"error\":{\"code\":403,\"message\":\"You are not authorized to perform the requested action: %s.\",\"title\":\"Forbidden\"}}",
            "network", "{\"NeutronError\":{\"type\":\"PolicyNotAuthorized\",\"message\":\"rule:%s is disallowed by policy\",\"detail\":\"\"}}");

    private MatrixFaults() {}

    static String refusal(String service, String rule) {
        return BODIES.get(service).formatted(rule);
    }

    static boolean isRefusal(String service, String rule, String body) {
        try {
            return JSON.readTree(body).equals(JSON.readTree(refusal(service, rule)));
        } catch (IOException notJson) {
            return false;
        }
    }
}
