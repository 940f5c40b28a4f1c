package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.api.Authorization;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.compute.ComputeQuotas;
import org.stackbox.compute.model.QuotaResource;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * {@code /os-quota-sets/{project_id}}: a project's compute quotas (show, defaults, detail with usage) and an
 * administrator's changes to them (update, delete back to the defaults), with the resources each microversion shows.
 */
final class QuotaRoutes {
    private static final String BASE = "/v2.1/os-quota-sets/{project}";
    private static final String RULE = "os_compute_api:os-quota-sets:";
    private static final Pattern INTEGER = Pattern.compile("^-?[0-9]+$");

    private final ComputeQuotas quotas;
    private final MicroversionNegotiator versions;

    QuotaRoutes(ComputeQuotas quotas, MicroversionNegotiator versions) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        // The quota's project is the target, as Nova checks its quota rules against the project in the path.
        Authorization.Target quotaProject = (context, caller) -> Map.of("project_id", context.pathParam("project"));
        routes.get(BASE, Authorization.rule(RULE + "show", quotaProject), (context, caller) -> {
            String project = context.pathParam("project");
            Responses.ok(context, Map.of("quota_set", withId(project, shown(quotas.limits(project),
                    versions.negotiate(context)))));
        });
        routes.get(BASE + "/defaults", RULE + "defaults", (context, caller) -> Responses.ok(context,
                Map.of("quota_set", withId(context.pathParam("project"), shown(quotas.defaults(),
                        versions.negotiate(context))))));
        routes.get(BASE + "/detail", Authorization.rule(RULE + "detail", quotaProject), (context, caller) -> {
            String project = context.pathParam("project");
            Microversion version = versions.negotiate(context);
            Map<QuotaResource, Long> limits = quotas.limits(project);
            Map<QuotaResource, Long> used = quotas.usage(project);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("id", project);
            for (QuotaResource resource : QuotaResource.values()) {
                if (resource.shownAt(version.minor())) {
                    detail.put(resource.wireName(), Map.of("in_use", used.get(resource), "limit", limits.get(resource),
                            "reserved", 0));
                }
            }
            Responses.ok(context, Map.of("quota_set", detail));
        });
        routes.put(BASE, Authorization.rule(RULE + "update", quotaProject), (context, caller) -> {
            Microversion version = versions.negotiate(context);
            String project = context.pathParam("project");
            JsonNode body = Json.parseObject(context.bodyAsBytes());
            UpdateRequest request = UpdateRequest.parse(body, version);
            quotas.set(project, request.limits(), request.force());
            Responses.ok(context, Map.of("quota_set", shown(quotas.limits(project), version)));
        });
        routes.delete(BASE, Authorization.rule(RULE + "delete", quotaProject), (context, caller) -> {
            quotas.reset(context.pathParam("project"));
            context.status(202);
        });
    }

    /** The view with the {@code id} of what it is of (a project, a quota class) first. */
    static Map<String, Object> withId(String id, Map<String, Object> limits) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.putAll(limits);
        return view;
    }

    private static Map<String, Object> shown(Map<QuotaResource, Long> limits, Microversion version) {
        return shown(limits, resource -> resource.shownAt(version.minor()));
    }

    /** The limits of the resources {@code shows}, by their names, in Nova's order. */
    static Map<String, Object> shown(Map<QuotaResource, Long> limits, Predicate<QuotaResource> shows) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (QuotaResource resource : QuotaResource.values()) {
            if (shows.test(resource)) {
                view.put(resource.wireName(), limits.get(resource));
            }
        }
        return view;
    }

    /** {@code {"quota_set": {RESOURCE: LIMIT, ..., "force": BOOLEAN}}}, as Nova's update schema takes it. */
    record UpdateRequest(Map<QuotaResource, Long> limits, boolean force) {
        static UpdateRequest parse(JsonNode body, Microversion version) {
            Set<String> allowed = java.util.Arrays.stream(QuotaResource.values())
                    .filter(resource -> resource.shownAt(version.minor())).map(QuotaResource::wireName)
                    .collect(Collectors.toCollection(java.util.HashSet::new));
            allowed.add("force");
            JsonNode set = NovaBodies.member(body, "quota_set", allowed);
            Map<QuotaResource, Long> limits = new EnumMap<>(QuotaResource.class);
            boolean force = false;
            for (var fields = set.fields(); fields.hasNext(); ) {
                var field = fields.next();
                JsonNode value = field.getValue();
                if (field.getKey().equals("force")) {
                    if (!value.isBoolean()) {
                        throw SchemaMessages.invalid("force", value, SchemaMessages.notOfType(value, "boolean"));
                    }
                    force = value.asBoolean();
                    continue;
                }
                limits.put(QuotaResource.fromWireName(field.getKey()).orElseThrow(), limit(field.getKey(), value));
            }
            return new UpdateRequest(limits, force);
        }

        /** A limit as Nova's {@code _common_quota} takes it: an integer from -1, or a string of one. */
        static long limit(String field, JsonNode value) {
            if (!(value.isIntegralNumber() || value.isTextual() && INTEGER.matcher(value.asText()).matches())) {
                throw SchemaMessages.invalid(field, value, value.isTextual()
                        ? "%s does not match '^-?[0-9]+$'".formatted(SchemaMessages.pythonRepr(value))
                        : SchemaMessages.notOfType(value, "integer", "string"));
            }
            long limit;
            try {
                limit = Long.parseLong(value.asText());
            } catch (NumberFormatException e) {
                throw SchemaMessages.invalid(field, value, "%s is greater than the maximum of 2147483647"
                        .formatted(SchemaMessages.pythonRepr(value)));
            }
            if (limit < -1) {
                throw SchemaMessages.invalid(field, value, "%s is less than the minimum of -1"
                        .formatted(SchemaMessages.pythonRepr(value)));
            }
            if (limit > Integer.MAX_VALUE) {
                throw SchemaMessages.invalid(field, value, "%s is greater than the maximum of 2147483647"
                        .formatted(SchemaMessages.pythonRepr(value)));
            }
            return limit;
        }
    }
}
