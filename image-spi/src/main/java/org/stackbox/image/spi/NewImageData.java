package org.stackbox.image.spi;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An image another service creates from data it holds (Cinder's upload-to-image, a server snapshot). The container
 * format is {@code bare} and the visibility {@code private}; the image belongs to the caller's project.
 */
public record NewImageData(String name, DiskFormat diskFormat, Map<String, String> properties) {
    public NewImageData {
        requireNonNull(name, "name is null");
        requireNonNull(diskFormat, "diskFormat is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }
}
