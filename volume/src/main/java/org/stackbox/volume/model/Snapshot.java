package org.stackbox.volume.model;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A point-in-time copy of a volume, from which new volumes can be made. */
public record Snapshot(
        String id,
        String volumeId,
        String projectId,
        String userId,
        String name,
        String description,
        int sizeGib,
        SnapshotStatus status,
        Map<String, String> metadata,
        Instant createdAt,
        Instant updatedAt) {

    public Snapshot {
        requireNonNull(id, "id is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(status, "status is null");
        metadata = Map.copyOf(metadata);
    }

    public Snapshot withStatus(SnapshotStatus newStatus, Instant now) {
        return new Snapshot(id, volumeId, projectId, userId, name, description, sizeGib, newStatus, metadata, createdAt, now);
    }

    public Snapshot withMetadata(Map<String, String> newMetadata, Instant now) {
        return new Snapshot(id, volumeId, projectId, userId, name, description, sizeGib, status, newMetadata, createdAt, now);
    }

    public Snapshot withDetails(String newName, String newDescription, Instant now) {
        return new Snapshot(id, volumeId, projectId, userId, newName, newDescription, sizeGib, status, metadata, createdAt, now);
    }
}
