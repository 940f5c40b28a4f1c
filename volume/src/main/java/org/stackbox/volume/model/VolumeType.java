package org.stackbox.volume.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A volume type, as Cinder keeps it: a unique name that volumes are created with, and extra specs (key to value, a
 * value may be null as Cinder's schema allows). A private type ({@code isPublic} false) is seen and used only by the
 * projects given access to it, and by administrators. {@code qosSpecsId} names the QoS specs associated with it, if any.
 */
public record VolumeType(
        String id,
        String name,
        String description,
        boolean isPublic,
        Map<String, String> extraSpecs,
        String qosSpecsId,
        Instant createdAt,
        Instant updatedAt) {

    public VolumeType {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        // A copy that keeps the order and allows null values (Map.copyOf does not).
        extraSpecs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(extraSpecs, "extraSpecs is null")));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public VolumeType withDetails(String newName, String newDescription, boolean newIsPublic, Instant now) {
        return new VolumeType(id, newName, newDescription, newIsPublic, extraSpecs, qosSpecsId, createdAt, now);
    }
}
