package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Authorization;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.volume.NewVolume;
import org.stackbox.volume.VolumeAttachments;
import org.stackbox.volume.VolumeService;
import org.stackbox.volume.model.Volume;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.stackbox.volume.http.RequestFields.optionalBoolean;
import static org.stackbox.volume.http.RequestFields.optionalName;
import static org.stackbox.volume.http.RequestFields.optionalString;
import static org.stackbox.volume.http.RequestFields.optionalStringMap;

/** {@code /v3/{project}/volumes}: volumes, their metadata and their actions. */
final class VolumeRoutes {
    private static final String BASE = "/v3/{project}/volumes";
    /** Columns of Cinder's volumes table a list may name as its sort key, and their values. */
    private static final Map<String, Function<Volume, Comparable<?>>> SORT_KEYS = Map.ofEntries(
            Map.entry("id", Volume::id), Map.entry("name", Volume::name), Map.entry("display_name", Volume::name),
            Map.entry("description", Volume::description), Map.entry("display_description", Volume::description),
            Map.entry("size", Volume::sizeGib), Map.entry("status", volume -> volume.status().wireName()),
            Map.entry("created_at", Volume::createdAt), Map.entry("updated_at", Volume::updatedAt),
            Map.entry("availability_zone", Volume::availabilityZone), Map.entry("bootable", Volume::bootable),
            Map.entry("project_id", Volume::projectId), Map.entry("user_id", Volume::userId),
            Map.entry("volume_type_id", Volume::volumeTypeId),
            Map.entry("attach_status", volume -> volume.status().wireName().equals("in-use") ? "attached"
                    : "detached"));
    private static final List<String> MIGRATION_POLICIES = List.of("on-demand", "never");
    private static final List<String> UPLOAD_DISK_FORMATS = List.of("raw", "vmdk", "vdi", "qcow2", "vhd", "vhdx", "ploop");
    /** Cinder's volume update schema: these keys and no other. */
    private static final Set<String> UPDATABLE = Set.of("name", "description", "display_name", "display_description",
            "metadata");

    private final VolumeService volumes;
    private final VolumeAttachments attachments;
    private final VolumeViews views;
    private final MicroversionNegotiator versions;

    VolumeRoutes(VolumeService volumes, VolumeAttachments attachments, VolumeViews views, MicroversionNegotiator versions) {
        this.volumes = volumes;
        this.attachments = attachments;
        this.views = views;
        this.versions = versions;
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "volume:get_all", (context, caller) -> list(context, caller, false));
        routes.get(BASE + "/detail", "volume:get_all", (context, caller) -> list(context, caller, true));
        routes.post(BASE, "volume:create", this::create);
        routes.get(BASE + "/{id}", "volume:get", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Volume volume = volumes.get(caller, context.pathParam("id"));
            Responses.ok(context, Map.of("volume", views.shown(volume, attachments.forVolume(volume.id()), caller,
                    versions.negotiate(context))));
        });
        routes.put(BASE + "/{id}", "volume:update", this::update);
        routes.delete(BASE + "/{id}", "volume:delete", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            versions.negotiate(context);
            volumes.delete(caller, context.pathParam("id"), "true".equalsIgnoreCase(context.queryParam("cascade")));
            context.status(202);
        });
        routes.post(BASE + "/{id}/action", Authorization.byAction(ACTION_RULES), this::action);
        // Stackbox's extension: the volume's content, ?format=raw (the default) or qcow2, for `stackbox volume export`.
        routes.get(BASE + "/{id}/export", "stackbox:volume:export", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            String format = Optional.ofNullable(context.queryParam("format")).orElse("raw");
            context.contentType("application/octet-stream");
            volumes.export(caller, context.pathParam("id"), format, context.outputStream());
        });
        routes.get(BASE + "/{id}/storage", "stackbox:volume:storage", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("storage", views.storage(volumes.storageInfo(caller, context.pathParam("id")))));
        });
        routes.get(BASE + "/{id}/metadata", "volume:get_volume_metadata", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("metadata", volumes.get(caller, context.pathParam("id")).metadata()));
        });
        routes.post(BASE + "/{id}/metadata", "volume:create_volume_metadata", (context, caller) -> setMetadata(context, caller, false));
        routes.put(BASE + "/{id}/metadata", "volume:update_volume_metadata", (context, caller) -> setMetadata(context, caller, true));
        routes.get(BASE + "/{id}/metadata/{key}", "volume:get_volume_metadata", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            answerMetadataItem(context, volumes.get(caller, context.pathParam("id")).metadata());
        });
        routes.put(BASE + "/{id}/metadata/{key}", "volume:update_volume_metadata", this::setMetadataItem);
        routes.delete(BASE + "/{id}/metadata/{key}", "volume:delete_volume_metadata", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            volumes.deleteMetadataKey(caller, context.pathParam("id"), context.pathParam("key"));
            context.status(200);
        });
    }

    private void setMetadataItem(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        Map<String, String> meta = metadataItem(context);
        volumes.setMetadata(caller, context.pathParam("id"), meta, false);
        Responses.ok(context, Map.of("meta", meta));
    }

    /** Cinder's answer to {@code GET .../metadata/{key}}: {@code {"meta": {key: value}}}, or its 404. */
    static void answerMetadataItem(Context context, Map<String, String> metadata) {
        String key = context.pathParam("key");
        String value = metadata.get(key);
        if (value == null) {
            throw ApiException.notFound("Metadata item was not found");
        }
        Responses.ok(context, Map.of("meta", Map.of(key, value)));
    }

    /** The body of Cinder's {@code PUT .../metadata/{key}}: {@code {"meta": {key: value}}} of exactly that key. */
    static Map<String, String> metadataItem(Context context) {
        String key = context.pathParam("key");
        Map<String, String> meta = optionalStringMap(Json.parseObject(context.bodyAsBytes()), "meta")
                .orElseThrow(() -> ApiException.badRequest("Malformed request body"));
        if (meta.size() > 1) {
            throw ApiException.badRequest("Request body contains too many items");
        }
        if (!meta.containsKey(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        return meta;
    }

    /** The body of Cinder's {@code POST} or {@code PUT .../metadata}: {@code {"metadata": {...}}}. */
    static Map<String, String> metadataBody(Context context) {
        return optionalStringMap(Json.parseObject(context.bodyAsBytes()), "metadata")
                .orElseThrow(() -> ApiException.badRequest("%s", SchemaMessages.required("metadata")));
    }

    private void list(Context context, Caller caller, boolean detail) {
        if (context.path().endsWith("/")) {
            // GET .../volumes/ names a volume with an empty id, which Cinder does not find (the router here ignores
            // trailing slashes, Cinder's does not).
            throw ApiException.notFound("Volume  could not be found.");
        }
        VolumeApi.requireOwnProject(context, caller);
        Microversion version = versions.negotiate(context);
        boolean allProjects = Optional.ofNullable(context.queryParam("all_tenants")).map(value -> !value.equals("0") && !value.equalsIgnoreCase("false")).orElse(false);
        Predicate<Volume> filter = volume -> true;
        String name = context.queryParam("name");
        if (name != null) {
            filter = filter.and(volume -> name.equals(volume.name()));
        }
        String status = context.queryParam("status");
        if (status != null) {
            filter = filter.and(volume -> volume.status().wireName().equals(status));
        }
        String bootable = context.queryParam("bootable");
        if (bootable != null) {
            filter = filter.and(volume -> Boolean.toString(volume.bootable()).equalsIgnoreCase(bootable));
        }
        List<Volume> found = volumes.list(caller, allProjects).stream().filter(filter)
                .sorted(Comparator.comparing(Volume::createdAt).reversed().thenComparing(Volume::id)).toList();
        found = new ListPaging(context.queryParamMap()).page(found, Volume::id, marker -> volumes.get(caller, marker),
                SORT_KEYS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("volumes", found.stream()
                .map(volume -> detail ? views.shown(volume, attachments.forVolume(volume.id()), caller, version) : views.summary(volume))
                .toList());
        ListPaging.nextLink(context, found, Volume::id).ifPresent(next -> body.put("volumes_links", List.of(next)));
        Responses.ok(context, body);
    }

    private void create(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        Microversion version = versions.negotiate(context);
        NewVolume request = VolumeRequests.create(Json.parseObject(context.bodyAsBytes()), version);
        Volume created = volumes.create(caller, request);
        Responses.json(context, 202, Map.of("volume", views.detail(created, List.of(), caller, version)));
    }

    private void update(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        ObjectNode volume = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "volume");
        SchemaMessages.refuseUnknown(volume, UPDATABLE, Optional.of("volume"));
        Volume updated = volumes.update(caller, context.pathParam("id"),
                optionalName(volume, "name", "name").or(() -> optionalName(volume, "display_name", "name")),
                optionalName(volume, "description", "description")
                        .or(() -> optionalName(volume, "display_description", "description")),
                optionalStringMap(volume, "metadata"));
        Responses.ok(context, Map.of("volume", views.detail(updated, attachments.forVolume(updated.id()), caller,
                versions.negotiate(context))));
    }

    private void setMetadata(Context context, Caller caller, boolean replace) {
        VolumeApi.requireOwnProject(context, caller);
        Map<String, String> metadata = metadataBody(context);
        Responses.ok(context, Map.of("metadata", volumes.setMetadata(caller, context.pathParam("id"), metadata, replace).metadata()));
    }

    /** Each volume action's rule in Cinder's policy; {@link #action} serves these and refuses every other. */
    static final Map<String, String> ACTION_RULES = Map.of(
            "os-set_bootable", "volume_extension:volume_actions:set_bootable",
            "os-update_readonly_flag", "volume_extension:volume_actions:update_readonly_flag",
            "os-extend", "volume_extension:volume_actions:extend",
            "os-reset_status", "volume_extension:volume_admin_actions:reset_status",
            "os-force_delete", "volume_extension:volume_admin_actions:force_delete",
            "os-volume_upload_image", "volume_extension:volume_actions:upload_image",
            "os-retype", "volume:retype");

    private void action(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        Microversion version = versions.negotiate(context);
        ObjectNode body = Json.parseObject(context.bodyAsBytes());
        if (body.size() != 1) {
            throw ApiException.badRequest("Malformed request body");
        }
        String action = body.fieldNames().next();
        JsonNode arguments = body.get(action);
        String id = context.pathParam("id");
        switch (action) {
            case "os-set_bootable" -> {
                volumes.setBootable(caller, id, optionalBoolean(arguments, "bootable")
                        .orElseThrow(() -> ApiException.badRequest("%s", SchemaMessages.required("bootable"))));
                context.status(200);
            }
            case "os-update_readonly_flag" -> {
                volumes.setReadOnly(caller, id, optionalBoolean(arguments, "readonly")
                        .orElseThrow(() -> ApiException.badRequest("%s", SchemaMessages.required("readonly"))));
                context.status(202);
            }
            case "os-extend" -> {
                volumes.extend(caller, id, RequestFields.requireSize(arguments, "new_size"), version.atLeast(3, 42));
                context.status(202);
            }
            case "os-reset_status" -> {
                volumes.resetStatus(caller, id, optionalString(arguments, "status")
                        .orElseThrow(() -> ApiException.badRequest("%s", SchemaMessages.required("status"))));
                context.status(202);
            }
            case "os-force_delete" -> {
                volumes.forceDelete(caller, id);
                context.status(202);
            }
            case "os-volume_upload_image" -> {
                String imageName = optionalString(arguments, "image_name")
                        .orElseThrow(() -> ApiException.badRequest("%s", SchemaMessages.required("image_name")));
                Map<String, Object> upload = volumes.uploadToImage(caller, id, imageName,
                        uploadDiskFormat(arguments).orElse("raw"),
                        optionalString(arguments, "container_format").orElse("bare"),
                        optionalBoolean(arguments, "force").orElse(false),
                        optionalString(arguments, "visibility").orElse("private"),
                        optionalBoolean(arguments, "protected").orElse(false));
                Responses.json(context, 202, Map.of("os-volume_upload_image", upload));
            }
            case "os-retype" -> {
                JsonNode newType = arguments.get("new_type");
                if (newType != null && !newType.isTextual()) {
                    throw SchemaMessages.invalid("new_type", newType, SchemaMessages.notOfType(newType, "string"));
                }
                optionalString(arguments, "migration_policy").filter(policy -> !MIGRATION_POLICIES.contains(policy))
                        .ifPresent(policy -> {
                            throw SchemaMessages.invalid("migration_policy", arguments.get("migration_policy"),
                                    SchemaMessages.notOneOf(arguments.get("migration_policy"), MIGRATION_POLICIES));
                        });
                if (newType == null) {
                    throw SchemaMessages.invalid("os-retype", arguments, SchemaMessages.required("new_type"));
                }
                SchemaMessages.refuseUnknown(arguments, Set.of("new_type", "migration_policy"), Optional.of("os-retype"));
                volumes.retype(caller, id, newType.asText());
                context.status(202);
            }
            default -> throw ApiException.badRequest("There is no such action: %s", action);
        }
    }

    /** Cinder's volume_upload_image schema: a disk format of its enum (Stackbox itself then writes raw or qcow2). */
    private static Optional<String> uploadDiskFormat(JsonNode arguments) {
        Optional<String> format = optionalString(arguments, "disk_format");
        format.filter(given -> !UPLOAD_DISK_FORMATS.contains(given)).ifPresent(given -> {
            throw SchemaMessages.invalid("disk_format", arguments.get("disk_format"), SchemaMessages.notOneOf(
                    arguments.get("disk_format"), UPLOAD_DISK_FORMATS));
        });
        return format;
    }
}
