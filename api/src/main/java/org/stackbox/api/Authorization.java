package org.stackbox.api;

import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;

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
