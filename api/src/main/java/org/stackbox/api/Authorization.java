package org.stackbox.api;

import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Which policy rule an authenticated route is checked against, and on what target, before its handler runs. The
 * target holds the caller's {@code project_id} (absent for an unscoped token) and {@code user_id}: creates and
 * lists act in the caller's project, and the services still hide what another project owns. A route may add what
 * its service's rules name from the path ({@code target.user.id} ...), or name the project it acts on instead of the
 * caller's (a quota route's {@code project_id}, as Nova and Cinder target the project in the path).
 */
public sealed interface Authorization {
    /** Extra target values for one request. */
    @FunctionalInterface
    interface Target {
        Map<String, String> of(Context context, Caller caller);
    }

    /** The rules this request is checked against (all must allow it); none when its handler refuses it anyway. */
    List<String> rules(Context context);

    /** Every rule a request of this route may be checked against. */
    List<String> names();

    Map<String, String> target(Context context, Caller caller);

    static Authorization rule(String name) {
        return new Named(name, (context, caller) -> Map.of());
    }

    static Authorization rule(String name, Target target) {
        return new Named(name, target);
    }

    /**
     * For {@code POST .../action} routes, whose body names one action ({@code {"reboot": {...}}}): each action has
     * its own rule, as in Nova and Cinder. Every action of the table the body names is checked; a body that names
     * none gets no check here, and its handler answers it with its 400 without doing anything (so the table must
     * hold every action the handler serves).
     */
    static Authorization byAction(Map<String, String> rules) {
        return new ByAction(Map.copyOf(rules));
    }

    /** {@code name}, then the rules {@code bodyRules} finds in the request's body; {@code name} alone for a body that is not JSON. */
    private static List<String> withRulesOfBody(Context context, String name, BodyRules bodyRules) {
        List<String> checked = new ArrayList<>(List.of(name));
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(context.bodyAsBytes());
        } catch (java.io.IOException | RuntimeException malformed) {
            return checked;
        }
        if (body != null) {
            checked.addAll(bodyRules.of(body));
        }
        return checked;
    }

    /** Names the further rules a request body calls for; the body is any JSON value, or absent when it is not JSON. */
    @FunctionalInterface
    interface BodyRules {
        List<String> of(JsonNode body);
    }

    /**
     * A rule, and the further rules {@code bodyRules} finds in the body (Glance's publicize_image when an image is
     * made public ...); {@code possible} lists every rule it may name, so that a start checks they exist.
     */
    static Authorization withBodyRules(String name, List<String> possible, BodyRules bodyRules) {
        return new WithBodyRules(name, List.copyOf(possible), bodyRules);
    }

    record WithBodyRules(String name, List<String> possible, BodyRules bodyRules) implements Authorization {
        public WithBodyRules {
            requireNonNull(name, "name is null");
            requireNonNull(possible, "possible is null");
            requireNonNull(bodyRules, "bodyRules is null");
        }

        @Override
        public List<String> rules(Context context) {
            return withRulesOfBody(context, name, body -> bodyRules.of(body).stream().filter(possible::contains).toList());
        }

        @Override
        public List<String> names() {
            List<String> names = new ArrayList<>(List.of(name));
            names.addAll(possible);
            return names;
        }

        @Override
        public Map<String, String> target(Context context, Caller caller) {
            return Map.of();
        }
    }

    /**
     * A rule, and one more rule for each attribute of the body's {@code resource} object that the request sets, as
     * Neutron checks {@code create_network:shared} beside {@code create_network}. A create sets an attribute when the
     * body gives it a value other than its default ({@code false} for the flags these rules guard); an update sets
     * every attribute the body names. A body that is not an object gets the route's rule alone, and its handler's
     * 400.
     */
    static Authorization withAttributes(String name, String resource, Map<String, String> attributeRules,
                                        boolean update) {
        return new WithAttributes(name, resource, Map.copyOf(attributeRules), update);
    }

    record WithAttributes(String name, String resource, Map<String, String> attributeRules, boolean update)
            implements Authorization {
        public WithAttributes {
            requireNonNull(name, "name is null");
            requireNonNull(resource, "resource is null");
            requireNonNull(attributeRules, "attributeRules is null");
        }

        @Override
        public List<String> rules(Context context) {
            return withRulesOfBody(context, name, this::attributesSet);
        }

        /** The rules of the attributes the body sets: of its resource, or of any item of a bulk create's list. */
        private List<String> attributesSet(JsonNode body) {
            List<JsonNode> items = new ArrayList<>();
            items.add(body.path(resource));
            body.path(resource + "s").forEach(items::add);
            return attributeRules.keySet().stream().sorted().filter(attribute -> items.stream().anyMatch(item -> {
                JsonNode value = item.path(attribute);
                return update ? !value.isMissingNode() : !value.isMissingNode() && !value.isNull()
                        && !(value.isBoolean() && !value.booleanValue());
            })).map(attributeRules::get).toList();
        }

        @Override
        public List<String> names() {
            List<String> names = new ArrayList<>(List.of(name));
            attributeRules.keySet().stream().sorted().map(attributeRules::get).forEach(names::add);
            return names;
        }

        @Override
        public Map<String, String> target(Context context, Caller caller) {
            return Map.of();
        }
    }

    record Named(String name, Target extra) implements Authorization {
        public Named {
            requireNonNull(name, "name is null");
            requireNonNull(extra, "extra is null");
        }

        @Override
        public List<String> rules(Context context) {
            return List.of(name);
        }

        @Override
        public List<String> names() {
            return List.of(name);
        }

        @Override
        public Map<String, String> target(Context context, Caller caller) {
            return extra.of(context, caller);
        }
    }

    record ByAction(Map<String, String> rules) implements Authorization {
        @Override
        public List<String> names() {
            return List.copyOf(rules.values());
        }

        @Override
        public List<String> rules(Context context) {
            ObjectNode body;
            try {
                body = Json.parseObject(context.bodyAsBytes());
            } catch (RuntimeException malformed) {
                return List.of();
            }
            List<String> named = new ArrayList<>();
            body.fieldNames().forEachRemaining(action -> {
                if (rules.containsKey(action)) {
                    named.add(rules.get(action));
                }
            });
            return named;
        }

        @Override
        public Map<String, String> target(Context context, Caller caller) {
            return Map.of();
        }
    }
}
