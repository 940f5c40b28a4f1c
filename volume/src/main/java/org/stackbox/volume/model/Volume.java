package org.stackbox.volume.model;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A block storage volume: a disk that outlives servers. Sizes are whole GiB, as in Cinder.
 *
 * @param volumeTypeId  the id of the volume's type (Cinder's volume_type_id), which outlives a rename of the type
 * @param adminMetadata what Cinder keeps in admin metadata: {@code readonly} ("True" or "False"), which the views
 *                      show among the metadata
 */
public record Volume(
        String id,
        String projectId,
        String userId,
        String name,
        String description,
        int sizeGib,
        VolumeStatus status,
        boolean bootable,
        String volumeTypeId,
        String availabilityZone,
        String sourceVolumeId,
        String snapshotId,
        String imageId,
        Map<String, String> imageMetadata,
        Map<String, String> metadata,
        Map<String, String> adminMetadata,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt) {

    /** The admin metadata key of the read-only flag, which Cinder also shows among the metadata. */
    public static final String READ_ONLY = "readonly";
    private static final String READ_ONLY_TRUE = "True";

    public Volume {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(status, "status is null");
        imageMetadata = imageMetadata == null ? null : Map.copyOf(imageMetadata);
        metadata = Map.copyOf(metadata);
        adminMetadata = Map.copyOf(adminMetadata);
        if (sizeGib < 1) {
            throw new IllegalArgumentException("size must be at least 1 GiB");
        }
    }

    public Volume withStatus(VolumeStatus newStatus, Instant now) {
        return new Volume(id, projectId, userId, name, description, sizeGib, newStatus, bootable, volumeTypeId,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata,
                adminMetadata, newStatus == VolumeStatus.ERROR ? errorMessage : null, createdAt, now);
    }

    public Volume failed(String message, Instant now) {
        return new Volume(id, projectId, userId, name, description, sizeGib, VolumeStatus.ERROR, bootable, volumeTypeId,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata, adminMetadata, message, createdAt, now);
    }

    public Volume withDetails(String newName, String newDescription, Map<String, String> newMetadata, Instant now) {
        return new Volume(id, projectId, userId, newName, newDescription, sizeGib, status, bootable, volumeTypeId,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, newMetadata, adminMetadata, errorMessage, createdAt, now);
    }

    public Volume withBootable(boolean newBootable, Instant now) {
        return new Volume(id, projectId, userId, name, description, sizeGib, status, newBootable, volumeTypeId,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata, adminMetadata, errorMessage, createdAt, now);
    }

    public Volume withSize(int newSizeGib, VolumeStatus newStatus, Instant now) {
        return new Volume(id, projectId, userId, name, description, newSizeGib, newStatus, bootable, volumeTypeId,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata, adminMetadata, errorMessage, createdAt, now);
    }

    /** True once {@code os-update_readonly_flag} made the volume read-only: it attaches read-only only. */
    public boolean readOnly() {
        return READ_ONLY_TRUE.equals(adminMetadata.get(READ_ONLY));
    }

    /** The volume with its read-only flag set, as Cinder writes it ("True" or "False"). */
    public Volume withReadOnly(boolean newReadOnly, Instant now) {
        Map<String, String> newAdminMetadata = new java.util.LinkedHashMap<>(adminMetadata);
        newAdminMetadata.put(READ_ONLY, newReadOnly ? READ_ONLY_TRUE : "False");
        return new Volume(id, projectId, userId, name, description, sizeGib, status, bootable, volumeTypeId,
                availabilityZone, sourceVolumeId, snapshotId, imageId, imageMetadata, metadata, newAdminMetadata,
                errorMessage, createdAt, now);
    }
}
