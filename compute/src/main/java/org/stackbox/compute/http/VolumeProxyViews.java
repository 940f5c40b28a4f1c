package org.stackbox.compute.http;

import org.stackbox.volume.spi.Volumes.ServerAttachment;
import org.stackbox.volume.spi.Volumes.SnapshotDetail;
import org.stackbox.volume.spi.Volumes.VolumeDetail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nova's views of Cinder's volumes and snapshots in its proxy ({@code _translate_volume_summary_view},
 * {@code _translate_snapshot_summary_view}): camel-case names, and for an attached volume one attachment whose
 * {@code id} is the volume's own, as Nova has always shown it. Times are Cinder's, passed on as Cinder wrote them.
 */
final class VolumeProxyViews {
    private static final DateTimeFormatter CINDER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private VolumeProxyViews() {}

    static Map<String, Object> volume(VolumeDetail volume) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", volume.id());
        view.put("status", volume.status());
        view.put("size", volume.sizeGib());
        view.put("availabilityZone", volume.availabilityZone());
        view.put("createdAt", time(volume.createdAt()));
        view.put("attachments", attachments(volume));
        view.put("displayName", volume.name());
        view.put("displayDescription", volume.description());
        view.put("volumeType", volume.volumeType());
        view.put("snapshotId", volume.snapshotId());
        view.put("metadata", volume.metadata());
        return view;
    }

    static Map<String, Object> snapshot(SnapshotDetail snapshot) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", snapshot.id());
        view.put("volumeId", snapshot.volumeId());
        view.put("status", snapshot.status());
        view.put("size", snapshot.sizeGib());
        view.put("createdAt", time(snapshot.createdAt()));
        view.put("displayName", snapshot.name());
        view.put("displayDescription", snapshot.description());
        return view;
    }

    /** The first server the volume is attached to, or Nova's list of one empty object for a detached volume. */
    private static List<Map<String, Object>> attachments(VolumeDetail volume) {
        if (volume.attachments().isEmpty()) {
            return List.of(Map.of());
        }
        ServerAttachment first = volume.attachments().get(0);
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("id", volume.id());
        attachment.put("volumeId", volume.id());
        attachment.put("serverId", first.serverId());
        if (first.device() != null && !first.device().isEmpty()) {
            attachment.put("device", first.device());
        }
        return List.of(attachment);
    }

    private static String time(Instant instant) {
        return instant == null ? null : CINDER_TIME.format(instant);
    }
}
