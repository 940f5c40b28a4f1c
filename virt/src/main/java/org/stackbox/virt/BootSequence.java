package org.stackbox.virt;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.stackbox.virt.BlockDeviceMappingException.Reason.DUPLICATE_BOOT_INDEX;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.INVALID_BOOT_SEQUENCE;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.NO_BOOT_DEVICE;

/** Nova's rule for boot indexes: each used once, one of them 0, and no gaps (0, 1, 2 ...). */
final class BootSequence {
    private BootSequence() {}

    static void requireValid(List<BlockDeviceMapping> mappings) {
        Set<Integer> seen = new HashSet<>();
        for (BlockDeviceMapping mapping : mappings) {
            if (mapping.bootIndex().isPresent() && !seen.add(mapping.bootIndex().getAsInt())) {
                throw new BlockDeviceMappingException(DUPLICATE_BOOT_INDEX, mapping.bootIndex().getAsInt());
            }
        }
        if (!seen.contains(0)) {
            throw new BlockDeviceMappingException(NO_BOOT_DEVICE);
        }
        TreeSet<Integer> sorted = new TreeSet<>(seen);
        if (sorted.last() != sorted.size() - 1) {
            throw new BlockDeviceMappingException(INVALID_BOOT_SEQUENCE,
                    "boot indexes " + sorted + " must run from 0 without gaps.");
        }
    }
}
