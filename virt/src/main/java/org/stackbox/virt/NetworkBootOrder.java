package org.stackbox.virt;

import java.util.ArrayList;
import java.util.List;

/** Puts the network cards into a domain, with the first card in the boot order where {@link NetworkBoot} says. */
final class NetworkBootOrder {
    private NetworkBootOrder() {}

    static DomainSpec apply(DomainSpec spec, List<String> macAddresses, NetworkBoot networkBoot) {
        List<DiskDevice> disks = spec.disks();
        Integer firstCardBootIndex = null;
        switch (networkBoot) {
            case NEVER -> { }
            case AFTER_DISKS -> firstCardBootIndex = disks.stream()
                    .filter(disk -> disk.bootIndex() != null)
                    .mapToInt(DiskDevice::bootIndex)
                    .max().orElse(-1) + 1;
            case FIRST -> {
                firstCardBootIndex = 0;
                disks = disks.stream()
                        .map(disk -> disk.bootIndex() == null ? disk : disk.withBootIndex(disk.bootIndex() + 1))
                        .toList();
            }
        }
        List<NetworkInterface> cards = new ArrayList<>();
        for (int index = 0; index < macAddresses.size(); index++) {
            cards.add(new NetworkInterface(macAddresses.get(index), index == 0 ? firstCardBootIndex : null));
        }
        return new DomainSpec(spec.serverId(), spec.vcpus(), spec.memoryMib(), spec.machineType(), disks, cards,
                spec.consoles());
    }
}
