package org.stackbox.image.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Glance's rules on who may give an image a visibility beyond its project: {@code publicize_image} for public,
 * {@code communitize_image} for community, checked besides add_image or modify_image when a create's body or an
 * update's JSON patch sets that visibility.
 */
final class VisibilityRules {
    static final Map<String, String> RULES = Map.of("public", "publicize_image", "community", "communitize_image");

    private VisibilityRules() {}

    /** The rules of the visibilities a create body ({@code {"visibility": ...}}) sets. */
    static List<String> ofCreate(JsonNode body) {
        return rule(body.path("visibility"));
    }

    /** The rules of the visibilities a JSON patch ({@code [{"op": "replace", "path": "/visibility", ...}]}) sets. */
    static List<String> ofPatch(JsonNode body) {
        List<String> rules = new ArrayList<>();
        // Both patch forms: the older one names the operation by its key.
        for (JsonNode operation : body.isArray() ? ImageRequests.draft4((com.fasterxml.jackson.databind.node.ArrayNode) body)
                : body) {
            String op = operation.path("op").asText();
            if (operation.path("path").asText().equals("/visibility") && (op.equals("add") || op.equals("replace"))) {
                rules.addAll(rule(operation.path("value")));
            }
        }
        return rules;
    }

    private static List<String> rule(JsonNode visibility) {
        String rule = visibility.isTextual() ? RULES.get(visibility.asText()) : null;
        return rule == null ? List.of() : List.of(rule);
    }
}
