package org.stackbox.volume.http;

import org.stackbox.common.auth.Caller;
import org.stackbox.api.Microversion;
import org.stackbox.volume.model.Attachment;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.Volume;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** Cinder's JSON shapes for volumes, snapshots and attachments, by microversion. */
final class VolumeViews {
    private static final DateTimeFormatter CINDER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final String volumeUrl;
    private final Function<String, String> typeNames;

    /** {@code typeNames}: the name of the volume type of an id, which a volume shows as its {@code volume_type}. */
    VolumeViews(String volumeUrl, Function<String, String> typeNames) {
        this.volumeUrl = requireNonNull(volumeUrl, "volumeUrl is null");
        this.typeNames = requireNonNull(typeNames, "typeNames is null");
    }

    static String time(Instant instant) {
        return instant == null ? null : CINDER_TIME.format(instant);
    }

    List<Map<String, String>> links(String projectId, String collection, String id) {
        return List.of(link("%s/v3/%s/%s/%s".formatted(volumeUrl, projectId, collection, id), "self"),
                link("%s/%s/%s/%s".formatted(volumeUrl, projectId, collection, id), "bookmark"));
    }

    /** A link with its keys in Cinder's order, so that a response reads the same at every start. */
    private static Map<String, String> link(String href, String rel) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("href", href);
        link.put("rel", rel);
        return link;
    }

    /** The metadata with what Cinder shows of its admin metadata ({@code readonly}), which wins over a user's key. */
    private static Map<String, String> shownMetadata(Volume volume) {
        String readOnly = volume.adminMetadata().get(Volume.READ_ONLY);
        if (readOnly == null) {
            return volume.metadata();
        }
        Map<String, String> shown = new LinkedHashMap<>(volume.metadata());
        shown.put(Volume.READ_ONLY, readOnly);
        return shown;
    }

    Map<String, Object> summary(Volume volume) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("name", volume.name());
        view.put("links", links(volume.projectId(), "volumes", volume.id()));
        return view;
    }

    /**
     * A volume as {@code GET /volumes/{id}} and {@code /volumes/detail} show it: the detail view with what Cinder's
     * extensions add to those two calls only (the owning project, and for administrators the migration and host
     * attributes), the image's properties of a volume made from an image, and why a volume that failed did.
     */
    Map<String, Object> shown(Volume volume, List<Attachment> attachments, Caller caller, Microversion version) {
        Map<String, Object> view = detail(volume, attachments, caller, version);
        Object links = view.remove("links");
        view.put("os-vol-tenant-attr:tenant_id", volume.projectId());
        if (caller.isAdmin()) {
            view.put("os-vol-mig-status-attr:migstat", null);
            view.put("os-vol-mig-status-attr:name_id", null);
            view.put("os-vol-host-attr:host", HostRoutes.VOLUME_HOST + "#local");
        }
        if (volume.imageMetadata() != null) {
            view.put("volume_image_metadata", volume.imageMetadata());
        }
        if (volume.errorMessage() != null) {
            // Stackbox's own, on a volume that failed only: why (Cinder tells it through its messages API instead).
            view.put("error_message", volume.errorMessage());
        }
        view.put("links", links);
        return view;
    }

    /**
     * Cinder's detail view at {@code version}, as the create and update calls answer with it: no extension attributes,
     * and what only administrators see ({@code migration_status}, {@code provider_id}, {@code cluster_name}) for them.
     */
    Map<String, Object> detail(Volume volume, List<Attachment> attachments, Caller caller, Microversion version) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("name", volume.name());
        view.put("description", volume.description());
        view.put("status", volume.status().wireName());
        view.put("size", volume.sizeGib());
        view.put("availability_zone", volume.availabilityZone());
        view.put("created_at", time(volume.createdAt()));
        view.put("updated_at", time(volume.updatedAt()));
        view.put("attachments", attachments.stream().filter(attachment -> attachment.status() == Attachment.Status.ATTACHED)
                .map(attachment -> volumeAttachment(attachment, volume)).toList());
        view.put("bootable", Boolean.toString(volume.bootable()));
        view.put("encrypted", false);
        view.put("multiattach", false);
        view.put("metadata", shownMetadata(volume));
        view.put("volume_type", typeNames.apply(volume.volumeTypeId()));
        view.put("snapshot_id", volume.snapshotId());
        view.put("source_volid", volume.sourceVolumeId());
        view.put("consistencygroup_id", null);
        view.put("replication_status", null);
        view.put("user_id", volume.userId());
        if (caller.isAdmin()) {
            view.put("migration_status", null);
        }
        if (version.atLeast(3, 13)) {
            view.put("group_id", null);
        }
        if (version.atLeast(3, 21) && caller.isAdmin()) {
            view.put("provider_id", null);
        }
        if (version.atLeast(3, 48)) {
            view.put("shared_targets", false);
            view.put("service_uuid", null);
        }
        if (version.atLeast(3, 61) && caller.isAdmin()) {
            view.put("cluster_name", null);
        }
        if (version.atLeast(3, 63)) {
            view.put("volume_type_id", volume.volumeTypeId());
        }
        if (version.atLeast(3, 65)) {
            view.put("consumes_quota", true);
        }
        view.put("links", links(volume.projectId(), "volumes", volume.id()));
        return view;
    }

    private static Map<String, Object> volumeAttachment(Attachment attachment, Volume volume) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("server_id", attachment.serverId());
        view.put("attachment_id", attachment.id());
        view.put("attached_at", time(attachment.attachedAt()));
        view.put("host_name", attachment.hostName());
        view.put("volume_id", volume.id());
        view.put("device", attachment.device());
        view.put("id", volume.id());
        return view;
    }

    /**
     * {@code extended}: with Cinder's extended attributes, which its show and detail answers carry (to the snapshot's
     * readers, not only to administrators) and its create, update and plain list answers do not.
     */
    Map<String, Object> snapshot(Snapshot snapshot, Caller caller, Microversion version, boolean extended) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", snapshot.id());
        view.put("name", snapshot.name());
        view.put("description", snapshot.description());
        view.put("status", snapshot.status().wireName());
        view.put("size", snapshot.sizeGib());
        view.put("volume_id", snapshot.volumeId());
        view.put("created_at", time(snapshot.createdAt()));
        view.put("updated_at", time(snapshot.updatedAt()));
        view.put("metadata", snapshot.metadata());
        if (extended) {
            // The progress is how far the snapshot was taken.
            view.put("os-extended-snapshot-attributes:project_id", snapshot.projectId());
            view.put("os-extended-snapshot-attributes:progress",
                    snapshot.status().wireName().equals("available") ? "100%" : "0%");
        }
        if (version.atLeast(3, 41)) {
            view.put("user_id", snapshot.userId());
        }
        if (version.atLeast(3, 65)) {
            view.put("consumes_quota", true);
        }
        return view;
    }

    Map<String, Object> attachment(Attachment attachment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", attachment.id());
        view.put("status", attachment.status() == Attachment.Status.ATTACHED ? "attached" : attachment.status().wireName());
        view.put("instance", attachment.serverId());
        view.put("volume_id", attachment.volumeId());
        view.put("attached_at", time(attachment.attachedAt()));
        view.put("detached_at", null);
        view.put("attach_mode", attachment.attachMode());
        Map<String, Object> connection = new LinkedHashMap<>();
        if (attachment.status() != Attachment.Status.RESERVED) {
            connection.put("driver_volume_type", "file");
            connection.put("device", attachment.device() == null ? "" : attachment.device());
            connection.put("access_mode", attachment.attachMode());
        }
        view.put("connection_info", connection);
        return view;
    }

    /** The operator's view of where a volume's data is, like {@code rbd info}. */
    Map<String, Object> storage(org.stackbox.storage.block.VolumeInfo info) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("volume_id", info.volume().value());
        view.put("size", info.sizeBytes());
        view.put("format", info.format());
        view.put("cluster_size", info.clusterSizeBytes());
        view.put("allocated", info.allocatedBytes());
        view.put("parent", info.parent().map(parent -> Map.<String, Object>of(
                "kind", parent.kind().name().toLowerCase(java.util.Locale.ROOT),
                "id", parent.id(),
                "overlap", parent.overlapBytes())).orElse(null));
        view.put("snapshots", info.snapshots().stream().map(org.stackbox.storage.block.SnapshotId::value).toList());
        view.put("chain_length", info.chainLength());
        return view;
    }
}
