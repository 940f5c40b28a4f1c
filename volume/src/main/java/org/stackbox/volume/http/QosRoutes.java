package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.Responses;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.volume.VolumeQos;
import org.stackbox.volume.model.QosSpecs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v3/{project}/qos-specs}: Cinder's QoS specs and their associations with volume types (qos_specs_manage),
 * kept and shown; the local back end does not enforce them.
 */
final class QosRoutes {
    private static final String BASE = "/v3/{project}/qos-specs";

    private final VolumeQos qos;
    private final String volumeUrl;

    QosRoutes(VolumeQos qos, String volumeUrl) {
        this.qos = qos;
        this.volumeUrl = volumeUrl;
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "volume_extension:qos_specs_manage:get_all", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("qos_specs", qos.list().stream().map(QosRoutes::view).toList()));
        });
        routes.post(BASE, "volume_extension:qos_specs_manage:create", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            ObjectNode body = Json.parseObject(context.bodyAsBytes());
            ObjectNode specs = TypeRequests.member(body, "qos_specs");
            JsonNode name = specs.get("name");
            if (name == null) {
                throw SchemaMessages.invalid("qos_specs", specs, SchemaMessages.required("name"));
            }
            if (!name.isTextual()) {
                throw SchemaMessages.invalid("name", name, SchemaMessages.notOfType(name, "string"));
            }
            SchemaMessages.refuseUnknown(body, Set.of("qos_specs"), Optional.empty());
            String stripped = name.asText().strip();
            if (stripped.isEmpty()) {
                throw ApiException.badRequest("An invalid 'name' value was provided. The 'name' can not be empty.");
            }
            if (stripped.length() > 255) {
                throw ApiException.badRequest("An invalid 'name' value was provided. The 'name' can not be greater "
                        + "than 255 characters.");
            }
            Map<String, String> values = new LinkedHashMap<>();
            specs.fields().forEachRemaining(entry -> {
                if (!entry.getKey().equals("name")) {
                    values.put(entry.getKey(), stringValue(entry.getKey(), entry.getValue()));
                }
            });
            Responses.ok(context, shown(context, qos.create(stripped, values)));
        });
        routes.get(BASE + "/{id}", "volume_extension:qos_specs_manage:get", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, shown(context, qos.get(context.pathParam("id"))));
        });
        routes.put(BASE + "/{id}", "volume_extension:qos_specs_manage:update", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            ObjectNode body = Json.parseObject(context.bodyAsBytes());
            Optional<Map<String, String>> specs = TypeRequests.specs(body, "qos_specs", TypeRequests.TYPE_SPEC_KEY);
            if (!body.has("qos_specs")) {
                throw ApiException.badRequest("%s", SchemaMessages.required("qos_specs"));
            }
            SchemaMessages.refuseUnknown(body, Set.of("qos_specs"), Optional.empty());
            Map<String, String> changes = specs.orElse(Map.of());
            qos.update(context.pathParam("id"), changes);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("qos_specs", changes);
            Responses.ok(context, answer);
        });
        routes.delete(BASE + "/{id}", "volume_extension:qos_specs_manage:delete", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            qos.delete(context.pathParam("id"), force(context.queryParam("force")));
            context.status(202);
        });
        routes.put(BASE + "/{id}/delete_keys", "volume_extension:qos_specs_manage:delete", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            qos.deleteKeys(context.pathParam("id"), keys(Json.parseObject(context.bodyAsBytes())));
            context.status(202);
        });
        routes.get(BASE + "/{id}/associations", "volume_extension:qos_specs_manage:get_all", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("qos_associations", qos.associations(context.pathParam("id")).stream()
                    .map(type -> {
                        Map<String, String> association = new LinkedHashMap<>();
                        association.put("association_type", "volume_type");
                        association.put("name", type.getValue());
                        association.put("id", type.getKey());
                        return association;
                    }).toList()));
        });
        routes.get(BASE + "/{id}/associate", "volume_extension:qos_specs_manage:update", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            qos.associate(caller, context.pathParam("id"), requireType(context));
            context.status(202);
        });
        routes.get(BASE + "/{id}/disassociate", "volume_extension:qos_specs_manage:update", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            qos.disassociate(caller, context.pathParam("id"), requireType(context));
            context.status(202);
        });
        routes.get(BASE + "/{id}/disassociate_all", "volume_extension:qos_specs_manage:update", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            qos.disassociateAll(context.pathParam("id"));
            context.status(202);
        });
    }

    private Map<String, Object> shown(Context context, QosSpecs specs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("qos_specs", view(specs));
        String self = "%s/v3/%s/qos-specs/%s".formatted(volumeUrl, context.pathParam("project"), specs.id());
        String bookmark = "%s/%s/qos-specs/%s".formatted(volumeUrl, context.pathParam("project"), specs.id());
        body.put("links", List.of(link("self", self), link("bookmark", bookmark)));
        return body;
    }

    private static Map<String, String> link(String rel, String href) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", href);
        return link;
    }

    private static Map<String, Object> view(QosSpecs specs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", specs.id());
        view.put("name", specs.name());
        view.put("consumer", specs.consumer());
        view.put("specs", specs.specs());
        return view;
    }

    /** A spec's value on create: Cinder checks each is a string of at most 255 characters. */
    private static String stringValue(String key, JsonNode value) {
        if (!value.isTextual()) {
            throw ApiException.badRequest("Invalid input received: %s is not a string or unicode", key);
        }
        if (value.asText().length() > 255) {
            throw ApiException.badRequest("Invalid input received: %s has %d characters, more than 255.", key,
                    value.asText().length());
        }
        return value.asText();
    }

    /** Cinder's delete_keys body: {@code {"keys": [...]}}, distinct strings of 1 to 255 characters. */
    private static List<String> keys(ObjectNode body) {
        JsonNode keys = body.get("keys");
        if (keys != null && !keys.isArray()) {
            throw SchemaMessages.invalid("keys", keys, SchemaMessages.notOfType(keys, "array"));
        }
        if (keys == null) {
            throw ApiException.badRequest("%s", SchemaMessages.required("keys"));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode key : keys) {
            if (!key.isTextual()) {
                throw SchemaMessages.invalid("keys", key, SchemaMessages.notOfType(key, "string"));
            }
            TypeRequests.requireLength("keys", key, 1);
            names.add(key.asText());
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw SchemaMessages.invalid("keys", keys, SchemaMessages.pythonRepr(keys) + " has non-unique elements");
        }
        SchemaMessages.refuseUnknown(body, Set.of("keys"), Optional.empty());
        return names;
    }

    private static String requireType(Context context) {
        String type = context.queryParam("vol_type_id");
        if (type == null || type.isEmpty()) {
            throw ApiException.badRequest("Volume Type id must not be None.");
        }
        return type;
    }

    /** Cinder's {@code get_bool_param}: a strict boolean, false when absent. */
    private static boolean force(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "t", "true", "on", "y", "yes" -> true;
            case "0", "f", "false", "off", "n", "no" -> false;
            default -> throw ApiException.badRequest("Value '%s' for 'force' is not a boolean.", value);
        };
    }
}
