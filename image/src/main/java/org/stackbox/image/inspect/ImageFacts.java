package org.stackbox.image.inspect;

import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** What a reader learned from data it accepts. */
record ImageFacts(OptionalLong virtualSize, Map<String, String> properties) {
    ImageFacts {
        requireNonNull(virtualSize, "virtualSize is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    static ImageFacts ofVirtualSize(long virtualSize) {
        return new ImageFacts(OptionalLong.of(virtualSize), Map.of());
    }
}
