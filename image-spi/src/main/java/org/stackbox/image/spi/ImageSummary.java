package org.stackbox.image.spi;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An image in any state, as the compute API's image proxy shows it.
 *
 * @param status Glance's status ({@code queued}, {@code saving}, {@code active}, {@code killed}, {@code deactivated},
 *               ...)
 * @param size bytes of data, 0 before any came
 * @param properties free-form properties
 */
public record ImageSummary(String id, String name, String status, long size, int minDisk, int minRam,
                           Map<String, String> properties, Instant createdAt, Instant updatedAt) {
    public ImageSummary {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
