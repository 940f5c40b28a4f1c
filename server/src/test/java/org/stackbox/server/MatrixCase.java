package org.stackbox.server;

import org.stackbox.api.Authorization;
import org.stackbox.api.AuthorizedRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One request of the authorization matrix: a route, the rule it is checked against and the body that makes it so
 * (an action route's body names one action). Bodies are otherwise empty objects: a caller the rule allows gets
 * the handler's own answer (a 400 for most creates), which is all an authorization decision needs.
 */
record MatrixCase(AuthorizedRoute route, Optional<String> action, List<String> rules, String body) {
    MatrixCase {
        requireNonNull(route, "route is null");
        requireNonNull(action, "action is null");
        rules = List.copyOf(rules);
    }

    /**
     * One case per rule a route may be checked against: one for a named rule, one per action of an action table,
     * for a rule with attribute rules one without attributes and one per attribute (a create sets it to true, not
     * its default; an update names it with the value the matrix's resources already have, false), and for the image
     * routes whose body may call for publicize_image or communitize_image one without and one each (community first:
     * the public case finds the image the community case made visible, and refuses by the publicize rule).
     */
    static List<MatrixCase> of(AuthorizedRoute route) {
        List<MatrixCase> cases = new ArrayList<>();
        if (route.authorization() instanceof Authorization.ByAction byAction) {
            for (Map.Entry<String, String> action : byAction.rules().entrySet()) {
                cases.add(new MatrixCase(route, Optional.of(action.getKey()), List.of(action.getValue()),
                        "{\"%s\": {}}".formatted(action.getKey())));
            }
        } else if (route.authorization() instanceof Authorization.WithAttributes attributes) {
            cases.add(new MatrixCase(route, Optional.empty(), List.of(attributes.name()), "{}"));
            for (Map.Entry<String, String> attribute : attributes.attributeRules().entrySet()) {
                cases.add(new MatrixCase(route, Optional.of(attribute.getKey()),
                        List.of(attributes.name(), attribute.getValue()), "{\"%s\": {\"%s\": %s}}".formatted(
                        attributes.resource(), attribute.getKey(), !attributes.update())));
            }
        } else if (route.authorization() instanceof Authorization.WithBodyRules bodyRules) {
            cases.add(new MatrixCase(route, Optional.empty(), List.of(bodyRules.name()), "{}"));
            for (String visibility : List.of("community", "public")) {
                String rule = visibility.equals("public") ? "publicize_image" : "communitize_image";
                String body = switch (route.toString()) {
                    case "POST /image/v2/images" -> "{\"name\": \"%s\", \"visibility\": \"%s\"}".formatted(visibility, visibility);
                    case "PATCH /image/v2/images/{id}" ->
                            "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"%s\"}]".formatted(visibility);
                    default -> throw new IllegalStateException("No bodies for the body rules of " + route);
                };
                cases.add(new MatrixCase(route, Optional.of("visibility=" + visibility), List.of(bodyRules.name(), rule), body));
            }
        } else {
            boolean hasBody = List.of("POST", "PUT", "PATCH").contains(route.method());
            for (String rule : route.authorization().names()) {
                cases.add(new MatrixCase(route, Optional.empty(), List.of(rule), hasBody ? "{}" : null));
            }
        }
        return cases;
    }

    /** Deletes what later cases address: these run after all others. */
    boolean destroys() {
        return route.method().equals("DELETE") || action.filter(name -> name.contains("delete")).isPresent();
    }

    @Override
    public String toString() {
        return route + action.map(name -> " [" + name + "]").orElse("");
    }
}
