package org.stackbox.compute;

import org.stackbox.virt.DestinationType;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskBus;
import org.stackbox.virt.SourceType;

import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code block_device_mapping_v2} as the request gave it, before the compute service made what it asks
 * for (a volume from an image or a blank size).
 *
 * @param uuid the volume, image or snapshot id, by source type; empty for blank
 * @param volumeSize GiB of a volume made for the server
 */
public record RequestedMapping(SourceType sourceType, DestinationType destinationType, Optional<String> uuid,
                               OptionalInt bootIndex, OptionalInt volumeSize, boolean deleteOnTermination,
                               Optional<DeviceType> deviceType, Optional<DiskBus> diskBus,
                               Optional<String> deviceName) {
    public RequestedMapping {
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(destinationType, "destinationType is null");
        requireNonNull(uuid, "uuid is null");
        requireNonNull(bootIndex, "bootIndex is null");
        requireNonNull(volumeSize, "volumeSize is null");
        requireNonNull(deviceType, "deviceType is null");
        requireNonNull(diskBus, "diskBus is null");
        requireNonNull(deviceName, "deviceName is null");
        if (bootIndex.isPresent() && bootIndex.getAsInt() < 0) {
            bootIndex = OptionalInt.empty();
        }
    }

    /** The server's image copied to its local root disk. */
    public boolean isImageRootDisk() {
        return sourceType == SourceType.IMAGE && destinationType == DestinationType.LOCAL;
    }

    /** A volume the compute service makes for the server (from an image, a snapshot or blank). */
    public boolean createsVolume() {
        return destinationType == DestinationType.VOLUME && sourceType != SourceType.VOLUME;
    }

    public boolean isBootDevice() {
        return bootIndex.isPresent() && bootIndex.getAsInt() == 0;
    }
}
