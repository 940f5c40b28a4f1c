package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What the inspector concluded about uploaded image data.
 *
 * @param detectedFormat the format the data really is, judged by its signatures; {@code RAW} when it carries none
 * @param virtualSize the size of the disk a guest sees, in bytes; empty when rejected or not known
 * @param properties image properties to record (e.g. {@code iso_volume_label}); empty when rejected
 * @param rejection why the data is refused, as a message for the uploader; empty when accepted
 */
public record InspectionResult(
        DiskFormat detectedFormat, OptionalLong virtualSize, Map<String, String> properties,
        Optional<String> rejection) {

    public InspectionResult {
        requireNonNull(detectedFormat, "detectedFormat is null");
        requireNonNull(virtualSize, "virtualSize is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        requireNonNull(rejection, "rejection is null");
        if (rejection.isPresent() && (virtualSize.isPresent() || !properties.isEmpty())) {
            throw new IllegalArgumentException("a rejected result carries no virtual size or properties");
        }
    }

    public static InspectionResult accepted(DiskFormat detectedFormat, OptionalLong virtualSize,
            Map<String, String> properties) {
        return new InspectionResult(detectedFormat, virtualSize, properties, Optional.empty());
    }

    public static InspectionResult rejected(DiskFormat detectedFormat, String message) {
        requireNonNull(message, "message is null");
        return new InspectionResult(detectedFormat, OptionalLong.empty(), Map.of(), Optional.of(message));
    }

    public boolean accepted() {
        return rejection.isEmpty();
    }
}
