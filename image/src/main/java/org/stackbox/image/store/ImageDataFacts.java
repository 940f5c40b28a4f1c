package org.stackbox.image.store;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** What is known about an image's data once it is written and inspected. */
public record ImageDataFacts(long size, Long virtualSize, String checksum, String hashValue, Map<String, String> properties) {
    public ImageDataFacts {
        requireNonNull(checksum, "checksum is null");
        requireNonNull(hashValue, "hashValue is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }
}
