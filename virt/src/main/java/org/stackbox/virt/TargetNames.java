package org.stackbox.virt;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import static org.stackbox.virt.BlockDeviceMappingException.Reason.DUPLICATE_TARGET;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.INVALID_DEVICE_NAME;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.TOO_MANY_DEVICES;

/**
 * The target names taken so far in one layout, and the next free one per bus, as Nova's blockinfo finds them:
 * the bus's prefix ({@code vd}, {@code hd}, {@code sd}) and the first free letter; the config drive takes the bus's
 * last name ({@code hdd} on IDE). SATA, SCSI and USB share the {@code sd} names.
 */
final class TargetNames {
    private final Set<String> taken = new HashSet<>();

    TargetNames(Collection<String> alreadyTaken) {
        taken.addAll(alreadyTaken);
    }

    /** Takes a name the caller asked for. */
    void claim(String target, DiskBus bus) {
        if (!target.startsWith(bus.targetPrefix()) || index(target) >= bus.maximumDevices()) {
            throw new BlockDeviceMappingException(INVALID_DEVICE_NAME, target, bus.openStackName());
        }
        if (!taken.add(target)) {
            throw new BlockDeviceMappingException(DUPLICATE_TARGET, target);
        }
    }

    /** Takes the first free name on the bus. */
    String next(DiskBus bus) {
        for (int index = 0; index < bus.maximumDevices(); index++) {
            String target = name(bus, index);
            if (taken.add(target)) {
                return target;
            }
        }
        throw new BlockDeviceMappingException(TOO_MANY_DEVICES, bus.openStackName());
    }

    /** Takes the bus's last name, where Nova puts the config drive ({@code hdd} on IDE). */
    String last(DiskBus bus) {
        String target = name(bus, bus.maximumDevices() - 1);
        if (!taken.add(target)) {
            throw new BlockDeviceMappingException(DUPLICATE_TARGET, target);
        }
        return target;
    }

    private static String name(DiskBus bus, int index) {
        return bus.targetPrefix() + (char) ('a' + index);
    }

    private static int index(String target) {
        return target.charAt(target.length() - 1) - 'a';
    }
}
