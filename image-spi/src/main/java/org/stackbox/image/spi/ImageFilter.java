package org.stackbox.image.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Which images a list returns, as Nova's image proxy filters them, newest first.
 *
 * @param status Glance's status, lower case
 * @param changesSince only images updated at or after this time
 * @param properties free-form properties that must have these values
 * @param minRam only images that need at least this much memory (MiB)
 * @param minDisk only images that need at least this much disk (GiB)
 * @param limit at most this many
 * @param marker the id of the last image of the previous page
 */
public record ImageFilter(Optional<String> name, Optional<String> status, Optional<Instant> changesSince,
                          Map<String, String> properties, OptionalInt minRam, OptionalInt minDisk,
                          OptionalInt limit, Optional<String> marker) {
    public ImageFilter {
        requireNonNull(name, "name is null");
        requireNonNull(status, "status is null");
        requireNonNull(changesSince, "changesSince is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        requireNonNull(minRam, "minRam is null");
        requireNonNull(minDisk, "minDisk is null");
        requireNonNull(limit, "limit is null");
        requireNonNull(marker, "marker is null");
    }

    /** Every image the caller may see. */
    public static ImageFilter all() {
        return new ImageFilter(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    }
}
