package org.stackbox.virt;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a server's block device mappings, Stackbox's form of Nova's {@code block_device_mapping_v2} once the
 * compute service has made what the entry asks for: a mapping whose destination is a volume names the volume that
 * backs it (the source volume itself, or the volume made from the image, snapshot or blank size).
 *
 * @param bootIndex the place in the boot order, 0 first; empty (or negative, as Nova accepts) means not bootable
 * @param deviceType disk or CD-ROM; empty lets the layout decide (a disk, or a CD-ROM for an ISO image)
 * @param diskBus the bus; empty lets the layout take the image's {@code hw_disk_bus}/{@code hw_cdrom_bus} or default
 * @param deviceName a requested target such as {@code vdb} or {@code /dev/vdb}; empty lets the layout name it
 */
public record BlockDeviceMapping(
        SourceType sourceType,
        DestinationType destinationType,
        Optional<String> volumeId,
        OptionalInt bootIndex,
        Optional<DeviceType> deviceType,
        Optional<DiskBus> diskBus,
        Optional<String> deviceName) {

    private static final Pattern TARGET = Pattern.compile("(vd|hd|sd)[a-z]");

    public BlockDeviceMapping {
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(destinationType, "destinationType is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(bootIndex, "bootIndex is null");
        requireNonNull(deviceType, "deviceType is null");
        requireNonNull(diskBus, "diskBus is null");
        requireNonNull(deviceName, "deviceName is null");
        if (destinationType == DestinationType.LOCAL
                && (sourceType == SourceType.VOLUME || sourceType == SourceType.SNAPSHOT)) {
            throw new IllegalArgumentException("A " + sourceType + " source needs destination volume");
        }
        if (destinationType == DestinationType.VOLUME && volumeId.isEmpty()) {
            throw new IllegalArgumentException("A mapping with destination volume needs the volume's id");
        }
        if (destinationType == DestinationType.LOCAL && volumeId.isPresent()) {
            throw new IllegalArgumentException("A mapping with destination local has no volume");
        }
        volumeId.ifPresent(id -> requireSafeId(id, "volume id"));
        if (bootIndex.isPresent() && bootIndex.getAsInt() < 0) {
            bootIndex = OptionalInt.empty();
        }
        deviceName = deviceName.map(name -> name.startsWith("/dev/") ? name.substring("/dev/".length()) : name);
        deviceName.ifPresent(name -> {
            if (!TARGET.matcher(name).matches()) {
                throw new IllegalArgumentException("Invalid device name: " + name);
            }
        });
    }

    /** The server's image copied to a local root disk (what {@code --image} means), booting first. */
    public static BlockDeviceMapping imageRootDisk() {
        return new BlockDeviceMapping(SourceType.IMAGE, DestinationType.LOCAL, Optional.empty(), OptionalInt.of(0),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** An existing volume, not bootable ({@code source=volume,dest=volume} without a boot index). */
    public static BlockDeviceMapping volume(String volumeId) {
        return new BlockDeviceMapping(SourceType.VOLUME, DestinationType.VOLUME, Optional.of(volumeId),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A volume made by the compute service from {@code source} (image, snapshot or blank), not bootable. */
    public static BlockDeviceMapping createdVolume(SourceType source, String volumeId) {
        return new BlockDeviceMapping(source, DestinationType.VOLUME, Optional.of(volumeId),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A local blank disk (an ephemeral disk), deleted with the server. */
    public static BlockDeviceMapping ephemeralDisk() {
        return new BlockDeviceMapping(SourceType.BLANK, DestinationType.LOCAL, Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public BlockDeviceMapping withBootIndex(int index) {
        return new BlockDeviceMapping(sourceType, destinationType, volumeId, OptionalInt.of(index), deviceType,
                diskBus, deviceName);
    }

    public BlockDeviceMapping withDeviceType(DeviceType type) {
        return new BlockDeviceMapping(sourceType, destinationType, volumeId, bootIndex, Optional.of(type), diskBus,
                deviceName);
    }

    public BlockDeviceMapping withDiskBus(DiskBus bus) {
        return new BlockDeviceMapping(sourceType, destinationType, volumeId, bootIndex, deviceType, Optional.of(bus),
                deviceName);
    }

    public BlockDeviceMapping withDeviceName(String name) {
        return new BlockDeviceMapping(sourceType, destinationType, volumeId, bootIndex, deviceType, diskBus,
                Optional.of(name));
    }

    /** Whether this is the local copy of the server's image (the root disk of a boot from image). */
    public boolean isImageRootDisk() {
        return sourceType == SourceType.IMAGE && destinationType == DestinationType.LOCAL;
    }

    static String requireSafeId(String id, String what) {
        requireNonNull(id, what + " is null");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("Invalid " + what + ": " + id);
        }
        return id;
    }
}
