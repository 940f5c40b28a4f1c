package org.stackbox.virt;

import java.util.List;

/** Which disks a domain boots from, and in which order: what an installer changes once it has installed. */
public interface BootOrderControl {
    /**
     * Makes the disks {@code targets} the domain's boot devices in this order (the first boots first); the other
     * disks leave the boot order, and network cards that boot come after the disks. The definition changes at once;
     * a running guest follows at its next reset or power on.
     *
     * @throws HypervisorException {@code DEVICE_NOT_FOUND} for an unknown target, {@code INVALID_STATE} for an empty
     *     CD-ROM drive (nothing to boot from)
     */
    void setBootOrder(String serverId, List<String> targets);
}
