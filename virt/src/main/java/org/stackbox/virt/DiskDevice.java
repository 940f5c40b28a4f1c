package org.stackbox.virt;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.OptionalInt;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One disk or CD-ROM drive of a domain.
 *
 * @param target the guest-visible name ({@code vda}, {@code hda}, {@code hdd} ...), unique in the domain
 * @param bootIndex the place in the boot order (0 first), or {@code null} when the device is not in it
 * @param readOnly true for every CD-ROM (a writable CD-ROM does not exist) and for a volume attached read-only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskDevice(
        String target,
        DiskBus bus,
        DeviceType deviceType,
        Integer bootIndex,
        DiskSource source,
        boolean readOnly) {

    private static final Pattern TARGET = Pattern.compile("(vd|hd|sd)[a-z]");

    public DiskDevice {
        requireNonNull(target, "target is null");
        requireNonNull(bus, "bus is null");
        requireNonNull(deviceType, "deviceType is null");
        requireNonNull(source, "source is null");
        if (!TARGET.matcher(target).matches() || !target.startsWith(bus.targetPrefix())) {
            throw new IllegalArgumentException("Target " + target + " does not fit bus " + bus);
        }
        if (bootIndex != null && bootIndex < 0) {
            throw new IllegalArgumentException("bootIndex must not be negative: " + bootIndex);
        }
        if (deviceType == DeviceType.CDROM && !bus.cdromCapable()) {
            throw new IllegalArgumentException("Bus " + bus + " cannot carry a CD-ROM");
        }
        if (deviceType == DeviceType.CDROM && !readOnly) {
            throw new IllegalArgumentException("A CD-ROM is read-only");
        }
        if (source instanceof DiskSource.Image && !readOnly) {
            throw new IllegalArgumentException("An image used as it is can only be read: " + source.name());
        }
        if (source instanceof DiskSource.NoMedium && deviceType != DeviceType.CDROM) {
            throw new IllegalArgumentException("Only a CD-ROM drive can be empty");
        }
    }

    /** The device's position among the bus's device names: 0 for {@code vda} or {@code hda}, 3 for {@code hdd}. */
    public int targetIndex() {
        return target.charAt(2) - 'a';
    }

    public OptionalInt bootOrder() {
        return bootIndex == null ? OptionalInt.empty() : OptionalInt.of(bootIndex);
    }

    public boolean hasMedium() {
        return !(source instanceof DiskSource.NoMedium);
    }

    public DiskDevice withSource(DiskSource newSource) {
        return new DiskDevice(target, bus, deviceType, bootIndex, newSource, readOnly);
    }

    /** The device the guest can only read (a read-only volume's), or write too. */
    public DiskDevice withReadOnly(boolean newReadOnly) {
        return new DiskDevice(target, bus, deviceType, bootIndex, source, newReadOnly);
    }

    public DiskDevice withBootIndex(Integer newBootIndex) {
        return new DiskDevice(target, bus, deviceType, newBootIndex, source, readOnly);
    }
}
