package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.Authorization;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.compute.ComputeFlavors;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Nova's flavor access: the projects that may see and use a non-public flavor ({@code os-flavor-access}), and an
 * administrator's {@code addTenantAccess} and {@code removeTenantAccess} actions.
 */
final class FlavorAccessRoutes {
    private static final String BASE = "/v2.1/flavors/{id}";
    private static final String ADD = "addTenantAccess";
    private static final String REMOVE = "removeTenantAccess";

    private final ComputeFlavors flavors;
    private final MicroversionNegotiator versions;

    FlavorAccessRoutes(ComputeFlavors flavors, MicroversionNegotiator versions) {
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE + "/os-flavor-access", "os_compute_api:os-flavor-access", (context, caller) -> {
            versions.negotiate(context);
            String flavor = context.pathParam("id");
            Responses.ok(context, view(flavor, flavors.accessList(flavor)));
        });
        routes.post(BASE + "/action", Authorization.byAction(Map.of(
                ADD, "os_compute_api:os-flavor-access:add_tenant_access",
                REMOVE, "os_compute_api:os-flavor-access:remove_tenant_access")), (context, caller) -> {
            versions.negotiate(context);
            String flavor = context.pathParam("id");
            ObjectNode body = Json.parseObject(context.bodyAsBytes());
            if (body.has(ADD)) {
                Responses.ok(context, view(flavor, flavors.addAccess(flavor, tenant(body, ADD))));
            } else if (body.has(REMOVE)) {
                Responses.ok(context, view(flavor, flavors.removeAccess(flavor, tenant(body, REMOVE))));
            } else {
                throw ApiException.badRequest("There is no such action: %s",
                        body.fieldNames().hasNext() ? body.fieldNames().next() : "");
            }
        });
    }

    /** {@code {"addTenantAccess": {"tenant": PROJECT}}}, as Nova's flavor access schemas take it. */
    private static String tenant(ObjectNode body, String action) {
        SchemaMessages.refuseUnknown(body, Set.of(action), Optional.empty());
        JsonNode request = body.get(action);
        if (!request.isObject()) {
            throw SchemaMessages.invalid(action, request, SchemaMessages.notOfType(request, "object"));
        }
        JsonNode tenant = request.get("tenant");
        if (tenant == null) {
            throw SchemaMessages.invalid(action, request, SchemaMessages.required("tenant"));
        }
        SchemaMessages.refuseUnknown(request, Set.of("tenant"), Optional.of(action));
        if (!tenant.isTextual() || tenant.asText().isEmpty() || tenant.asText().length() > 255) {
            throw SchemaMessages.invalid("tenant", tenant, "%s is not a valid project id".formatted(
                    SchemaMessages.pythonRepr(tenant)));
        }
        return tenant.asText();
    }

    private static Map<String, Object> view(String flavor, List<String> projects) {
        return Map.of("flavor_access", projects.stream()
                .map(project -> Map.of("flavor_id", flavor, "tenant_id", project)).toList());
    }
}
