package org.stackbox.volume;

import java.util.Map;
import java.util.Optional;

/** A create-volume request, validated at the API boundary; at most one source is given. */
public record NewVolume(
        Optional<Integer> sizeGib,
        String name,
        String description,
        Optional<String> imageId,
        Optional<String> sourceVolumeId,
        Optional<String> snapshotId,
        Optional<String> volumeType,
        Optional<String> availabilityZone,
        Map<String, String> metadata) {

    public NewVolume {
        metadata = Map.copyOf(metadata);
        int sources = (imageId.isPresent() ? 1 : 0) + (sourceVolumeId.isPresent() ? 1 : 0) + (snapshotId.isPresent() ? 1 : 0);
        if (sources > 1) {
            throw org.stackbox.common.ServiceException.invalid(
                    "Invalid input received: only one of imageRef, source_volid and snapshot_id may be given.");
        }
    }
}
