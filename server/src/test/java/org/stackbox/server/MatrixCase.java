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
     * and for a rule with attribute rules one without attributes and one per attribute (a create sets it to true,
     * not its default; an update names it with the value the matrix's resources already have, false).
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
