package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.volume.VolumeService;
import org.stackbox.volume.model.Snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.stackbox.volume.http.RequestFields.optionalBoolean;
import static org.stackbox.volume.http.RequestFields.optionalString;
import static org.stackbox.volume.http.RequestFields.optionalStringMap;

/** {@code /v3/{project}/snapshots}. */
final class SnapshotRoutes {
    private static final String BASE = "/v3/{project}/snapshots";

    /** Columns of Cinder's snapshots table a list may name as its sort key, and their values. */
    private static final Map<String, Function<Snapshot, Comparable<?>>> SORT_KEYS = Map.ofEntries(
            Map.entry("id", Snapshot::id), Map.entry("name", Snapshot::name),
            Map.entry("display_name", Snapshot::name), Map.entry("description", Snapshot::description),
            Map.entry("display_description", Snapshot::description), Map.entry("volume_id", Snapshot::volumeId),
            Map.entry("volume_size", Snapshot::sizeGib), Map.entry("status", snapshot -> snapshot.status().wireName()),
            Map.entry("progress", snapshot -> snapshot.status().wireName().equals("available") ? "100%" : "0%"),
            Map.entry("created_at", Snapshot::createdAt), Map.entry("updated_at", Snapshot::updatedAt),
            Map.entry("project_id", Snapshot::projectId), Map.entry("user_id", Snapshot::userId));

    private final VolumeService volumes;
    private final VolumeViews views;
    private final MicroversionNegotiator versions;

    SnapshotRoutes(VolumeService volumes, VolumeViews views, MicroversionNegotiator versions) {
        this.volumes = volumes;
        this.views = views;
        this.versions = versions;
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "volume:get_all_snapshots", (context, caller) -> list(context, caller, false));
        routes.get(BASE + "/detail", "volume:get_all_snapshots", (context, caller) -> list(context, caller, true));
        routes.post(BASE, "volume:create_snapshot", this::create);
        routes.get(BASE + "/{id}", "volume:get_snapshot", (context, caller) -> show(context, caller, 200, true,
                volumes.getSnapshot(caller, context.pathParam("id"))));
        routes.put(BASE + "/{id}", "volume:update_snapshot", (context, caller) -> {
            ObjectNode snapshot = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "snapshot");
            show(context, caller, 200, false, volumes.updateSnapshot(caller, context.pathParam("id"),
                    optionalString(snapshot, "name").or(() -> optionalString(snapshot, "display_name")),
                    optionalString(snapshot, "description").or(() -> optionalString(snapshot, "display_description"))));
        });
        routes.delete(BASE + "/{id}", "volume:delete_snapshot", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            volumes.deleteSnapshot(caller, context.pathParam("id"));
            context.status(202);
        });
        registerMetadata(routes);
    }

    /** {@code /snapshots/{id}/metadata}, as Cinder's snapshot_metadata controller. */
    private void registerMetadata(ServiceRoutes routes) {
        routes.get(BASE + "/{id}/metadata", "volume:get_snapshot_metadata", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Responses.ok(context, Map.of("metadata", volumes.getSnapshot(caller, context.pathParam("id")).metadata()));
        });
        routes.post(BASE + "/{id}/metadata", "volume:update_snapshot_metadata",
                (context, caller) -> setMetadata(context, caller, false));
        routes.put(BASE + "/{id}/metadata", "volume:update_snapshot_metadata",
                (context, caller) -> setMetadata(context, caller, true));
        routes.get(BASE + "/{id}/metadata/{key}", "volume:get_snapshot_metadata", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            VolumeRoutes.answerMetadataItem(context, volumes.getSnapshot(caller, context.pathParam("id")).metadata());
        });
        routes.put(BASE + "/{id}/metadata/{key}", "volume:update_snapshot_metadata", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Map<String, String> meta = VolumeRoutes.metadataItem(context);
            volumes.setSnapshotMetadata(caller, context.pathParam("id"), meta, false);
            Responses.ok(context, Map.of("meta", meta));
        });
        routes.delete(BASE + "/{id}/metadata/{key}", "volume:delete_snapshot_metadata", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            volumes.deleteSnapshotMetadataKey(caller, context.pathParam("id"), context.pathParam("key"));
            context.status(200);
        });
    }

    private void setMetadata(Context context, Caller caller, boolean replace) {
        VolumeApi.requireOwnProject(context, caller);
        Map<String, String> metadata = VolumeRoutes.metadataBody(context);
        Responses.ok(context, Map.of("metadata",
                volumes.setSnapshotMetadata(caller, context.pathParam("id"), metadata, replace).metadata()));
    }

    private void list(Context context, Caller caller, boolean detail) {
        VolumeApi.requireOwnProject(context, caller);
        Microversion version = versions.negotiate(context);
        boolean allProjects = context.queryParam("all_tenants") != null && !"0".equals(context.queryParam("all_tenants"));
        // Cinder's filters: exact matches on volume_id, name and status.
        String volumeId = context.queryParam("volume_id");
        String name = context.queryParam("name");
        String status = context.queryParam("status");
        List<Snapshot> found = volumes.listSnapshots(caller, allProjects).stream()
                .filter(snapshot -> volumeId == null || snapshot.volumeId().equals(volumeId))
                .filter(snapshot -> name == null || name.equals(snapshot.name()))
                .filter(snapshot -> status == null || snapshot.status().wireName().equals(status))
                .toList();
        found = new ListPaging(context.queryParamMap()).page(found, Snapshot::id,
                marker -> volumes.getSnapshot(caller, marker), SORT_KEYS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("snapshots", found.stream().map(snapshot -> views.snapshot(snapshot, caller, version, detail))
                .toList());
        ListPaging.nextLink(context, found, Snapshot::id).ifPresent(next -> body.put("snapshots_links", List.of(next)));
        Responses.ok(context, body);
    }

    private void show(Context context, Caller caller, int status, boolean extended, Snapshot snapshot) {
        VolumeApi.requireOwnProject(context, caller);
        Microversion version = versions.negotiate(context);
        Responses.json(context, status, Map.of("snapshot", views.snapshot(snapshot, caller, version,
                extended)));
    }

    private void create(Context context, Caller caller) {
        ObjectNode snapshot = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "snapshot");
        if (snapshot.has("volume_id") && snapshot.get("volume_id").isNull()) {
            // Cinder's schema allows a null volume_id, which then names no volume.
            throw ApiException.notFound("Volume None could not be found.");
        }
        String volumeId = RequestFields.optionalUuid(snapshot, "volume_id")
                .orElseThrow(() -> SchemaMessages.invalid("snapshot", snapshot, SchemaMessages.required("volume_id")));
        Snapshot created = volumes.createSnapshot(caller, volumeId,
                RequestFields.optionalName(snapshot, "name", "name")
                        .or(() -> RequestFields.optionalName(snapshot, "display_name", "name")).orElse(null),
                RequestFields.optionalName(snapshot, "description", "description")
                        .or(() -> RequestFields.optionalName(snapshot, "display_description", "description")).orElse(null),
                optionalBoolean(snapshot, "force").orElse(false),
                optionalStringMap(snapshot, "metadata").orElse(Map.of()));
        show(context, caller, 202, false, created);
    }
}
