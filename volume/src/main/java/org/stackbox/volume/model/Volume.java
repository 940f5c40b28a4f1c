package org.stackbox.volume.model;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A block storage volume: a disk that outlives servers. Sizes are whole GiB, as in Cinder. */
public record Volume(
        String id,
        String projectId,
        String userId,
        String name,
        String description,
        int sizeGib,
        VolumeStatus status,
        boolean bootable,
        String volumeType,
        String availabilityZone,
        String sourceVolumeId,
        String snapshotId,
        String imageId,
        Map<String, String> imageMetadata,
        Map<String, String> metadata,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt) {

    public Volume {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(status, "status is null");
        imageMetadata = imageMetadata == null ? null : Map.copyOf(imageMetadata);
        metadata = Map.copyOf(metadata);
        if (sizeGib < 1) {
            throw new IllegalArgumentException("size must be at least 1 GiB");
        }
    }

    public Volume withStatus(VolumeStatus newStatus, Instant now) {
        return new Volume(id, projectId, userId, name, description, sizeGib, newStatus, bootable, volumeType,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata,
                newStatus == VolumeStatus.ERROR ? errorMessage : null, createdAt, now);
    }

    public Volume failed(String message, Instant now) {
        return new Volume(id, projectId, userId, name, description, sizeGib, VolumeStatus.ERROR, bootable, volumeType,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata, message, createdAt, now);
    }

    public Volume withDetails(String newName, String newDescription, Map<String, String> newMetadata, Instant now) {
        return new Volume(id, projectId, userId, newName, newDescription, sizeGib, status, bootable, volumeType,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, newMetadata, errorMessage, createdAt, now);
    }

    public Volume withBootable(boolean newBootable, Instant now) {
        return new Volume(id, projectId, userId, name, description, sizeGib, status, newBootable, volumeType,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata, errorMessage, createdAt, now);
    }

    public Volume withSize(int newSizeGib, VolumeStatus newStatus, Instant now) {
        return new Volume(id, projectId, userId, name, description, newSizeGib, newStatus, bootable, volumeType,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata, errorMessage, createdAt, now);
    }
}
