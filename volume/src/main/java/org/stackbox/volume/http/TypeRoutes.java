package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.Authorization;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.VolumeTypes;
import org.stackbox.volume.model.VolumeType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /v3/{project}/types}: volume types (Cinder's types, types_manage), their extra specs (types_extra_specs)
 * and who may use a private one (volume_type_access).
 */
final class TypeRoutes {
    private static final String BASE = "/v3/{project}/types";
    /** The extra specs Cinder shows to callers without {@code types_extra_specs:read_sensitive}. */
    private static final List<String> USER_VISIBLE_EXTRA_SPECS = List.of("RESKEY:availability_zones", "multiattach",
            "replication_enabled");
    static final Map<String, String> ACTION_RULES = Map.of(
            "addProjectAccess", "volume_extension:volume_type_access:addProjectAccess",
            "removeProjectAccess", "volume_extension:volume_type_access:removeProjectAccess");
    private static final Map<String, Function<VolumeType, Comparable<?>>> SORT_KEYS = Map.of(
            "id", VolumeType::id, "name", VolumeType::name, "description", type -> type.description(),
            "is_public", VolumeType::isPublic, "created_at", VolumeType::createdAt, "updated_at", VolumeType::updatedAt);

    private final VolumeTypes types;
    private final MicroversionNegotiator versions;

    TypeRoutes(VolumeTypes types, MicroversionNegotiator versions) {
        this.types = types;
        this.versions = versions;
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "volume_extension:type_get_all", this::list);
        routes.post(BASE, "volume_extension:type_create", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            TypeRequests.NewType request = TypeRequests.create(Json.parseObject(context.bodyAsBytes()));
            VolumeType created = types.create(request.name(), request.description(), request.isPublic(),
                    request.extraSpecs());
            Map<String, Object> view = plain(created);
            view.put(TypeRequests.IS_PUBLIC, created.isPublic());
            Responses.ok(context, Map.of("volume_type", view));
        });
        routes.get(BASE + "/{id}", "volume_extension:type_get", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            String id = context.pathParam("id");
            VolumeType type = id.equals("default") ? types.defaultType() : types.get(caller, id);
            Responses.ok(context, Map.of("volume_type", shown(type, caller)));
        });
        routes.put(BASE + "/{id}", "volume_extension:type_update", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            TypeRequests.TypeChange change = TypeRequests.update(Json.parseObject(context.bodyAsBytes()));
            VolumeType updated = types.update(caller, context.pathParam("id"), change.name(), change.description(),
                    change.isPublic());
            Responses.ok(context, Map.of("volume_type", plain(updated)));
        });
        routes.delete(BASE + "/{id}", "volume_extension:type_delete", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            types.delete(caller, context.pathParam("id"));
            context.status(202);
        });
        routes.get(BASE + "/{id}/extra_specs", "volume_extension:types_extra_specs:index", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("extra_specs", visibleSpecs(types.get(caller, context.pathParam("id")), caller)));
        });
        routes.post(BASE + "/{id}/extra_specs", "volume_extension:types_extra_specs:create", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Map<String, String> specs = TypeRequests.extraSpecs(Json.parseObject(context.bodyAsBytes()));
            types.putExtraSpecs(caller, context.pathParam("id"), specs);
            Responses.ok(context, Map.of("extra_specs", specs));
        });
        routes.get(BASE + "/{id}/extra_specs/{key}", "volume_extension:types_extra_specs:show", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            String id = context.pathParam("id");
            String key = context.pathParam("key");
            Map<String, String> specs = visibleSpecs(types.get(caller, id), caller);
            if (!specs.containsKey(key)) {
                throw ApiException.notFound("Volume Type %s has no extra specs with key %s.", id, key);
            }
            Map<String, String> spec = new LinkedHashMap<>();
            spec.put(key, specs.get(key));
            Responses.ok(context, spec);
        });
        routes.put(BASE + "/{id}/extra_specs/{key}", "volume_extension:types_extra_specs:update", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Map<String, String> spec = TypeRequests.extraSpec(Json.parseObject(context.bodyAsBytes()),
                    context.pathParam("key"));
            types.putExtraSpecs(caller, context.pathParam("id"), spec);
            Responses.ok(context, spec);
        });
        routes.delete(BASE + "/{id}/extra_specs/{key}", "volume_extension:types_extra_specs:delete", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            types.deleteExtraSpec(caller, context.pathParam("id"), context.pathParam("key"));
            context.status(202);
        });
        routes.post(BASE + "/{id}/action", Authorization.byAction(ACTION_RULES), this::action);
        routes.get(BASE + "/{id}/os-volume-type-access", "volume_extension:volume_type_access:get_all_for_type",
                (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            String id = context.pathParam("id");
            Responses.ok(context, Map.of("volume_type_access", types.projects(caller, id).stream()
                    .map(project -> {
                        Map<String, String> grant = new LinkedHashMap<>();
                        grant.put("volume_type_id", id);
                        grant.put("project_id", project);
                        return grant;
                    }).toList()));
        });
    }

    private void list(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        versions.negotiate(context);
        List<VolumeType> found = types.list(caller, caller.isAdmin()
                ? TypeRequests.isPublicFilter(context.queryParam("is_public")) : java.util.Optional.of(true));
        // Cinder's order when none is asked for: newest first.
        found = found.stream().sorted(java.util.Comparator.comparing(VolumeType::createdAt)
                .thenComparing(VolumeType::id).reversed()).toList();
        found = new ListPaging(context.queryParamMap()).page(found, VolumeType::id, marker -> types.get(caller, marker),
                SORT_KEYS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volume_types", found.stream().map(type -> shown(type, caller)).toList());
        ListPaging.nextLink(context, found, VolumeType::id).ifPresent(next -> body.put("volume_type_links", List.of(next)));
        Responses.ok(context, body);
    }

    private void action(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        ObjectNode body = Json.parseObject(context.bodyAsBytes());
        String id = context.pathParam("id");
        String action = body.size() == 0 ? "" : body.fieldNames().next();
        switch (action) {
            case "addProjectAccess" -> types.addProject(caller, id, TypeRequests.project(body, action));
            case "removeProjectAccess" -> types.removeProject(caller, id, TypeRequests.project(body, action));
            default -> throw ApiException.badRequest("There is no such action: %s", action);
        }
        context.status(202);
    }

    /**
     * A type as Cinder's v3 show and list answer: extra specs to every reader (only the user-visible ones unless
     * the caller is an administrator), the QoS specs id to administrators, the access attribute to members.
     */
    private static Map<String, Object> shown(VolumeType type, Caller caller) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", type.id());
        view.put("name", type.name());
        view.put("is_public", type.isPublic());
        view.put("description", type.description());
        view.put("extra_specs", visibleSpecs(type, caller));
        if (caller.isAdmin()) {
            view.put("qos_specs_id", type.qosSpecsId());
        }
        if (caller.isAdmin() || caller.hasRole("member")) {
            view.put(TypeRequests.IS_PUBLIC, type.isPublic());
        }
        return view;
    }

    /** A type as Cinder's create and update answer (its older view builder): every extra spec. */
    private static Map<String, Object> plain(VolumeType type) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", type.id());
        view.put("name", type.name());
        view.put("is_public", type.isPublic());
        view.put("extra_specs", type.extraSpecs());
        view.put("description", type.description());
        return view;
    }

    private static Map<String, String> visibleSpecs(VolumeType type, Caller caller) {
        if (caller.isAdmin()) {
            return type.extraSpecs();
        }
        Map<String, String> visible = new LinkedHashMap<>();
        USER_VISIBLE_EXTRA_SPECS.stream().filter(type.extraSpecs()::containsKey)
                .forEach(key -> visible.put(key, type.extraSpecs().get(key)));
        return visible;
    }
}
