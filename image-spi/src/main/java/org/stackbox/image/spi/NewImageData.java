package org.stackbox.image.spi;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An image another service creates from data it holds (Cinder's upload-to-image, a server snapshot). The container
 * format is {@code bare} and the visibility {@code private}; the image belongs to the caller's project.
 *
 * @param minDisk GiB a disk made from it needs at least (a snapshot keeps its server's root disk size)
 * @param minRam MiB of memory it needs at least
 */
public record NewImageData(String name, DiskFormat diskFormat, int minDisk, int minRam, Map<String, String> properties) {
    public NewImageData {
        requireNonNull(name, "name is null");
        requireNonNull(diskFormat, "diskFormat is null");
        if (minDisk < 0 || minRam < 0) {
            throw new IllegalArgumentException("minDisk and minRam must not be negative");
        }
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    public NewImageData(String name, DiskFormat diskFormat, Map<String, String> properties) {
        this(name, diskFormat, 0, 0, properties);
    }
}
