package org.stackbox.virt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Puts the network cards into a domain, with the first card in the boot order where {@link NetworkBoot} says. */
public final class NetworkBootOrder {
    private NetworkBootOrder() {}

    static DomainSpec apply(DomainSpec spec, List<String> macAddresses, NetworkBoot networkBoot) {
        List<NetworkInterface> cards = new ArrayList<>();
        for (String macAddress : macAddresses) {
            cards.add(new NetworkInterface(macAddress, null));
        }
        return withNetworkBoot(spec.withNetworkInterfaces(cards), networkBoot);
    }

    /**
     * The domain with its first card placed in the boot order where {@code networkBoot} says, the other cards out of
     * it, and the disks that boot keeping their order among themselves, numbered from 0 (from 1 when the network
     * boots first). Applying it twice, or after another choice, gives the same domain as applying it once.
     */
    public static DomainSpec withNetworkBoot(DomainSpec spec, NetworkBoot networkBoot) {
        List<DiskDevice> booting = spec.disks().stream()
                .filter(disk -> disk.bootIndex() != null)
                .sorted(Comparator.comparingInt(DiskDevice::bootIndex))
                .toList();
        int firstDiskIndex = networkBoot == NetworkBoot.FIRST ? 1 : 0;
        List<DiskDevice> disks = spec.disks().stream()
                .map(disk -> disk.bootIndex() == null ? disk
                        : disk.withBootIndex(firstDiskIndex + booting.indexOf(disk)))
                .toList();
        Integer firstCardBootIndex = switch (networkBoot) {
            case NEVER -> null;
            case AFTER_DISKS -> booting.size();
            case FIRST -> 0;
        };
        List<NetworkInterface> cards = new ArrayList<>();
        for (int index = 0; index < spec.networkInterfaces().size(); index++) {
            cards.add(spec.networkInterfaces().get(index).withBootIndex(index == 0 ? firstCardBootIndex : null));
        }
        return new DomainSpec(spec.serverId(), spec.vcpus(), spec.memoryMib(), spec.machineType(), disks, cards,
                spec.consoles(), spec.guestAgent());
    }
}
