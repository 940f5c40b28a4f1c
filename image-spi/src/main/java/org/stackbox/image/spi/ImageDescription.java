package org.stackbox.image.spi;

import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What another service needs to know about an active image to boot from it or clone it.
 *
 * @param size bytes of data
 * @param virtualSize bytes of the disk a guest sees, when the format says (an ISO's is its size)
 * @param minDisk GiB the root disk must have at least
 * @param minRam MiB of memory the image needs at least
 * @param properties free-form properties (e.g. {@code iso_bootable}, {@code hw_disk_bus})
 */
public record ImageDescription(String id, String name, DiskFormat diskFormat, long size, OptionalLong virtualSize,
                               int minDisk, int minRam, Map<String, String> properties) {
    public ImageDescription {
        requireNonNull(id, "id is null");
        requireNonNull(diskFormat, "diskFormat is null");
        requireNonNull(virtualSize, "virtualSize is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    /** An ISO is attached as a CD-ROM, never as a writable disk. */
    public boolean isIso() {
        return diskFormat == DiskFormat.ISO;
    }
}
