package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.common.JsonFields;
import org.stackbox.compute.ComputeFlavors;
import org.stackbox.compute.model.ComputeFlavor;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /flavors} and their extra specs. */
final class FlavorRoutes {
    private static final String BASE = "/v2.1/flavors";
    private static final List<String> SORT_KEYS = List.of("created_at", "description", "disabled", "ephemeral_gb",
            "flavorid", "id", "is_public", "memory_mb", "name", "root_gb", "rxtx_factor", "swap", "updated_at",
            "vcpu_weight", "vcpus");
    private static final Set<String> QUERY = Set.of("limit", "marker", "is_public", "minRam", "minDisk", "sort_key",
            "sort_dir");

    private final ComputeFlavors flavors;
    private final MicroversionNegotiator versions;
    private final ComputeViews views;

    FlavorRoutes(ComputeFlavors flavors, MicroversionNegotiator versions, ComputeViews views) {
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.views = requireNonNull(views, "views is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "stackbox:compute:flavors:index", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Responses.ok(context, Map.of("flavors", listed(context, caller, version).stream()
                    .map(flavor -> (Object) views.flavorSummary(flavor, version)).toList()));
        });
        routes.get(BASE + "/detail", "stackbox:compute:flavors:index", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Responses.ok(context, Map.of("flavors", listed(context, caller, version).stream()
                    .map(flavor -> (Object) views.flavorDetail(flavor, version, caller.isAdmin())).toList()));
        });
        routes.get(BASE + "/{id}", "stackbox:compute:flavors:show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            ComputeFlavor flavor = flavors.get(context.pathParam("id"));
            if (!flavors.usableBy(caller, flavor)) {
                throw ServiceException.notFound("Flavor %s could not be found.", flavor.id());
            }
            Responses.ok(context, Map.of("flavor", views.flavorDetail(flavor, version, caller.isAdmin())));
        });
        routes.post(BASE, "os_compute_api:os-flavor-manage:create", this::create);
        new FlavorAccessRoutes(flavors, versions).register(routes);
        routes.delete(BASE + "/{id}", "os_compute_api:os-flavor-manage:delete", (context, caller) -> {
            versions.negotiate(context);
            flavors.delete(caller, context.pathParam("id"));
            context.status(202);
        });
        routes.get(BASE + "/{id}/os-extra_specs", "os_compute_api:os-flavor-extra-specs:index", (context, caller) -> {
            versions.negotiate(context);
            Responses.ok(context, Map.of("extra_specs", flavors.get(context.pathParam("id")).extraSpecs()));
        });
        routes.post(BASE + "/{id}/os-extra_specs", "os_compute_api:os-flavor-extra-specs:create", (context, caller) -> {
            versions.negotiate(context);
            Map<String, String> specs = ServerRequests.stringMap(
                    JsonFields.requireObject(NovaBodies.object(context), "extra_specs"), "extra_specs");
            flavors.setExtraSpecs(caller, context.pathParam("id"), specs);
            Responses.ok(context, Map.of("extra_specs", specs));
        });
        routes.get(BASE + "/{id}/os-extra_specs/{key}", "os_compute_api:os-flavor-extra-specs:show", (context, caller) -> {
            versions.negotiate(context);
            String key = context.pathParam("key");
            String value = flavors.get(context.pathParam("id")).extraSpecs().get(key);
            if (value == null) {
                throw ApiException.notFound("Flavor %s has no extra specs with key %s.", context.pathParam("id"), key);
            }
            Responses.ok(context, Map.of(key, value));
        });
        routes.put(BASE + "/{id}/os-extra_specs/{key}", "os_compute_api:os-flavor-extra-specs:update", (context, caller) -> {
            versions.negotiate(context);
            String key = context.pathParam("key");
            Map<String, String> spec = ServerRequests.stringMap(NovaBodies.object(context), "extra_specs");
            if (spec.size() != 1 || !spec.containsKey(key)) {
                throw ApiException.badRequest("Request body and URI mismatch");
            }
            flavors.setExtraSpecs(caller, context.pathParam("id"), spec);
            Responses.ok(context, spec);
        });
        routes.delete(BASE + "/{id}/os-extra_specs/{key}", "os_compute_api:os-flavor-extra-specs:delete", (context, caller) -> {
            versions.negotiate(context);
            flavors.deleteExtraSpec(caller, context.pathParam("id"), context.pathParam("key"));
            context.status(200);
        });
    }

    private void create(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        ComputeFlavor created = flavors.create(caller,
                FlavorRequests.create(NovaBodies.object(context), version));
        Responses.ok(context, Map.of("flavor", views.flavorDetail(created, version, true)));
    }

    /** The flavors the list's query asks for, its parameters checked as Nova's flavors index_query checks them. */
    private List<ComputeFlavor> listed(Context context, Caller caller, Microversion version) {
        NovaListQuery query = new NovaListQuery(context).digits("limit").oneOf("sort_key", SORT_KEYS)
                .oneOf("sort_dir", List.of("asc", "desc"));
        if (version.atLeast(2, 75)) {
            query.onlyKnown(QUERY);
        }
        for (String filter : List.of("minRam", "minDisk")) {
            String value = context.queryParam(filter);
            if (value != null && !value.strip().matches("[0-9]+")) {
                throw ApiException.badRequest("Invalid %s filter [%s]", filter, value);
            }
        }
        return query.page(flavors.list(caller), ComputeFlavor::id, query.limit());
    }
}
