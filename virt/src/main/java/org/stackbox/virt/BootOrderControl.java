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

    /**
     * Places the domain's first network card in its boot order where {@code networkBoot} says (the disks keep their
     * order), and gives the cards of {@code cards} (matched by MAC address) their user networks as they are now, with
     * what a guest that boots from them is given (see {@link UserNetwork#netboot()}); cards of the domain missing from
     * {@code cards} keep theirs. The definition changes at once; a running guest keeps its cards as they are until it
     * is next powered on (a card that did not boot has no boot ROM to switch on in place).
     *
     * @throws HypervisorException {@code DOMAIN_NOT_FOUND} for an unknown server
     */
    void setNetworkBoot(String serverId, NetworkBoot networkBoot, List<NetworkInterface> cards);
}
