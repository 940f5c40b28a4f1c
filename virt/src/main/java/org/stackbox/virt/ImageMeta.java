package org.stackbox.virt;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.INVALID_IMAGE_PROPERTY;

/**
 * What the layout needs to know about a server's image: its format (an ISO boots as a CD-ROM) and the
 * {@code hw_disk_bus}, {@code hw_cdrom_bus}, {@code hw_machine_type} and {@code hw_qemu_guest_agent} properties,
 * honoured as Nova does.
 */
public record ImageMeta(
        String imageId,
        ImageDiskFormat diskFormat,
        Optional<DiskBus> diskBus,
        Optional<DiskBus> cdromBus,
        Optional<MachineType> machineType,
        boolean guestAgent) {
    /** The spellings of true that Nova's flexible boolean takes (oslo's {@code bool_from_string}); others are false. */
    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");

    public ImageMeta {
        BlockDeviceMapping.requireSafeId(imageId, "image id");
        requireNonNull(diskFormat, "diskFormat is null");
        requireNonNull(diskBus, "diskBus is null");
        requireNonNull(cdromBus, "cdromBus is null");
        requireNonNull(machineType, "machineType is null");
    }

    /** An image without properties that change the layout. */
    public static ImageMeta of(String imageId, ImageDiskFormat diskFormat) {
        return new ImageMeta(imageId, diskFormat, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** Reads the properties Glance stores with the image; a bad value is the caller's error. */
    public static ImageMeta fromProperties(String imageId, ImageDiskFormat diskFormat, Map<String, String> properties) {
        requireNonNull(properties, "properties is null");
        return new ImageMeta(imageId, diskFormat,
                bus(properties, "hw_disk_bus"),
                bus(properties, "hw_cdrom_bus"),
                machine(properties),
                TRUE.contains(properties.getOrDefault("hw_qemu_guest_agent", "").strip().toLowerCase(Locale.ROOT)));
    }

    public boolean isIso() { return diskFormat.isOpticalMedium(); }

    private static Optional<DiskBus> bus(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DiskBus.fromOpenStackName(value));
        } catch (IllegalArgumentException e) {
            throw new BlockDeviceMappingException(INVALID_IMAGE_PROPERTY, key, value, e.getMessage());
        }
    }

    private static Optional<MachineType> machine(Map<String, String> properties) {
        String value = properties.get("hw_machine_type");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MachineType.fromImageProperty(value));
        } catch (IllegalArgumentException e) {
            throw new BlockDeviceMappingException(INVALID_IMAGE_PROPERTY, "hw_machine_type", value, e.getMessage());
        }
    }
}
