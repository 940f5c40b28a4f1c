package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.ServerGroups;
import org.stackbox.compute.model.ServerGroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code /os-server-groups}: create, list, show and delete, with the body and view of each microversion (a one-item
 * {@code policies} list and empty {@code metadata} before 2.64, {@code policy} and {@code rules} from it; the soft
 * policies from 2.15; the owner's project and user from 2.13).
 */
final class ServerGroupRoutes {
    private static final String BASE = "/v2.1/os-server-groups";
    private static final String RULE = "os_compute_api:os-server-groups:";
    private static final List<String> HARD_POLICIES = List.of("anti-affinity", "affinity");
    private static final List<String> ALL_POLICIES = List.of("anti-affinity", "affinity", "soft-anti-affinity",
            "soft-affinity");

    private final ServerGroups groups;
    private final MicroversionNegotiator versions;

    ServerGroupRoutes(ServerGroups groups, MicroversionNegotiator versions) {
        this.groups = requireNonNull(groups, "groups is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        routes.post(BASE, RULE + "create", this::create);
        routes.get(BASE, RULE + "index", this::list);
        routes.get(BASE + "/{id}", RULE + "show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Responses.ok(context, Map.of("server_group", view(groups.get(caller, context.pathParam("id")), version)));
        });
        routes.delete(BASE + "/{id}", RULE + "delete", (context, caller) -> {
            versions.negotiate(context);
            groups.delete(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
    }

    private void create(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        JsonNode body = NovaBodies.object(context);
        SchemaMessages.refuseUnknown(body, Set.of("server_group"), Optional.empty());
        if (!body.has("server_group")) {
            throw ApiException.badRequest("%s", SchemaMessages.required("server_group"));
        }
        JsonNode group = body.get("server_group");
        if (!group.isObject()) {
            throw SchemaMessages.invalid("server_group", group, SchemaMessages.notOfType(group, "object"));
        }
        boolean modern = version.atLeast(2, 64);
        SchemaMessages.refuseUnknown(group, modern ? Set.of("name", "policy", "rules") : Set.of("name", "policies"),
                Optional.of("server_group"));
        for (String required : modern ? List.of("name", "policy") : List.of("name", "policies")) {
            if (!group.has(required)) {
                throw SchemaMessages.invalid("server_group", group, SchemaMessages.required(required));
            }
        }
        String name = NovaNames.check("name", group.get("name"));
        List<String> allowed = version.atLeast(2, 15) ? ALL_POLICIES : HARD_POLICIES;
        String policy;
        OptionalInt maxServerPerHost = OptionalInt.empty();
        if (modern) {
            policy = policy("policy", group.get("policy"), allowed);
            if (group.has("rules")) {
                maxServerPerHost = rules(group.get("rules"));
            }
        } else {
            JsonNode policies = group.get("policies");
            if (!policies.isArray()) {
                throw SchemaMessages.invalid("policies", policies, SchemaMessages.notOfType(policies, "array"));
            }
            if (policies.size() != 1) {
                throw SchemaMessages.invalid("policies", policies, SchemaMessages.pythonRepr(policies)
                        + (policies.isEmpty() ? " is too short" : " is too long"));
            }
            policy = policy("policies", policies.get(0), allowed);
        }
        Responses.ok(context, Map.of("server_group", view(groups.create(caller, name, policy, maxServerPerHost),
                version)));
    }

    private static String policy(String field, JsonNode policy, List<String> allowed) {
        if (!policy.isTextual() || !allowed.contains(policy.asText())) {
            throw SchemaMessages.invalid(field, policy, SchemaMessages.notOneOf(policy, allowed));
        }
        return policy.asText();
    }

    /** {@code {"max_server_per_host": N}}, Nova's positive integer (a number or a string of digits). */
    private static OptionalInt rules(JsonNode rules) {
        if (!rules.isObject()) {
            throw SchemaMessages.invalid("rules", rules, SchemaMessages.notOfType(rules, "object"));
        }
        SchemaMessages.refuseUnknown(rules, Set.of("max_server_per_host"), Optional.of("rules"));
        JsonNode max = rules.get("max_server_per_host");
        if (max == null) {
            return OptionalInt.empty();
        }
        String text = max.isIntegralNumber() || max.isTextual() ? max.asText() : "";
        if (!text.matches("[0-9]+") || text.length() > 9 || Integer.parseInt(text) < 1) {
            throw SchemaMessages.invalid("max_server_per_host", max,
                    SchemaMessages.pythonRepr(max) + " is not a positive integer");
        }
        return OptionalInt.of(Integer.parseInt(text));
    }

    private void list(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        NovaListQuery query = new NovaListQuery(context);
        if (version.atLeast(2, 75)) {
            query.onlyKnown(Set.of("all_projects", "limit", "offset"));
        }
        boolean allProjects = context.queryParam("all_projects") != null
                && !Set.of("0", "false", "f", "no", "n", "off").contains(context.queryParam("all_projects").toLowerCase());
        List<ServerGroup> page = query.limited(groups.list(caller, allProjects));
        Responses.ok(context, Map.of("server_groups", page.stream().map(group -> (Object) view(group, version)).toList()));
    }

    private Map<String, Object> view(ServerGroup group, Microversion version) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        if (version.atLeast(2, 64)) {
            view.put("policy", group.policy());
            view.put("rules", group.maxServerPerHost().isPresent()
                    ? Map.of("max_server_per_host", group.maxServerPerHost().getAsInt()) : Map.of());
        } else {
            view.put("policies", List.of(group.policy()));
            view.put("metadata", Map.of());
        }
        view.put("members", groups.members(group));
        if (version.atLeast(2, 13)) {
            view.put("project_id", group.projectId());
            view.put("user_id", group.userId());
        }
        return view;
    }
}
