package org.stackbox.virt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Everything a hypervisor needs to run one server, as a plain value: made from the block device mappings by
 * {@link BlockDeviceLayout}, printed by the operator's block device list, turned into a command line by the driver.
 * It holds no paths: each device's {@link DiskSource} is resolved to a file when the domain is spawned.
 *
 * @param serverId the server's UUID, which names the domain and its run directory
 * @param guestAgent whether the guest gets a channel for the QEMU guest agent (the image's
 *     {@code hw_qemu_guest_agent}), through which its users' passwords are set
 */
public record DomainSpec(
        String serverId,
        int vcpus,
        int memoryMib,
        MachineType machineType,
        List<DiskDevice> disks,
        List<NetworkInterface> networkInterfaces,
        Consoles consoles,
        boolean guestAgent) {

    public DomainSpec {
        BlockDeviceMapping.requireSafeId(serverId, "server id");
        new Flavor(vcpus, memoryMib);
        requireNonNull(machineType, "machineType is null");
        disks = List.copyOf(requireNonNull(disks, "disks is null"));
        networkInterfaces = List.copyOf(requireNonNull(networkInterfaces, "networkInterfaces is null"));
        requireNonNull(consoles, "consoles is null");
        requireConsistent(machineType, disks, networkInterfaces);
    }

    public Optional<DiskDevice> disk(String target) {
        return disks.stream().filter(disk -> disk.target().equals(target)).findFirst();
    }

    public Optional<DiskDevice> diskWithSource(DiskSource source) {
        return disks.stream().filter(disk -> disk.source().equals(source)).findFirst();
    }

    /** The device with boot index 0, if any. */
    public Optional<DiskDevice> bootDisk() {
        return disks.stream().filter(disk -> Integer.valueOf(0).equals(disk.bootIndex())).findFirst();
    }

    public DomainSpec withDisk(DiskDevice added) {
        List<DiskDevice> changed = new ArrayList<>(disks);
        changed.add(added);
        return withDisks(changed);
    }

    public DomainSpec withoutDisk(String target) {
        return withDisks(disks.stream().filter(disk -> !disk.target().equals(target)).toList());
    }

    /** This spec with the device of the same target replaced by {@code replacement}. */
    public DomainSpec withReplacedDisk(DiskDevice replacement) {
        if (disk(replacement.target()).isEmpty()) {
            throw new IllegalArgumentException("No device " + replacement.target());
        }
        return withDisks(disks.stream()
                .map(disk -> disk.target().equals(replacement.target()) ? replacement : disk)
                .toList());
    }

    /** This spec with other CPUs and memory. */
    public DomainSpec withResources(int newVcpus, int newMemoryMib) {
        return new DomainSpec(serverId, newVcpus, newMemoryMib, machineType, disks, networkInterfaces, consoles,
                guestAgent);
    }

    public DomainSpec withDisks(List<DiskDevice> newDisks) {
        return new DomainSpec(serverId, vcpus, memoryMib, machineType, newDisks, networkInterfaces, consoles,
                guestAgent);
    }

    public Optional<NetworkInterface> networkInterface(String macAddress) {
        return networkInterfaces.stream().filter(card -> card.macAddress().equals(macAddress)).findFirst();
    }

    public DomainSpec withNetworkInterfaces(List<NetworkInterface> newNetworkInterfaces) {
        return new DomainSpec(serverId, vcpus, memoryMib, machineType, disks, newNetworkInterfaces, consoles,
                guestAgent);
    }

    public DomainSpec withNetworkInterface(NetworkInterface added) {
        List<NetworkInterface> changed = new ArrayList<>(networkInterfaces);
        changed.add(added);
        return withNetworkInterfaces(changed);
    }

    public DomainSpec withoutNetworkInterface(String macAddress) {
        return withNetworkInterfaces(networkInterfaces.stream()
                .filter(card -> !card.macAddress().equals(macAddress)).toList());
    }

    private static void requireConsistent(MachineType machineType, List<DiskDevice> disks,
                                          List<NetworkInterface> networkInterfaces) {
        Set<String> targets = new HashSet<>();
        Set<DiskSource> sources = new HashSet<>();
        Set<Integer> bootIndexes = new HashSet<>();
        for (DiskDevice disk : disks) {
            if (!targets.add(disk.target())) {
                throw new IllegalArgumentException("Target " + disk.target() + " is used twice");
            }
            if (disk.hasMedium() && !sources.add(disk.source())) {
                throw new IllegalArgumentException(disk.source().name() + " is attached twice");
            }
            if (disk.bus() == DiskBus.IDE && !machineType.hasIde()) {
                throw new IllegalArgumentException("Machine type " + machineType + " has no IDE bus");
            }
            if (disk.targetIndex() >= disk.bus().maximumDevices()) {
                throw new IllegalArgumentException("Target " + disk.target() + " is beyond bus " + disk.bus());
            }
            if (disk.bootIndex() != null && !bootIndexes.add(disk.bootIndex())) {
                throw new IllegalArgumentException("Boot index " + disk.bootIndex() + " is used twice");
            }
        }
        for (NetworkInterface networkInterface : networkInterfaces) {
            if (networkInterface.bootIndex() != null && !bootIndexes.add(networkInterface.bootIndex())) {
                throw new IllegalArgumentException("Boot index " + networkInterface.bootIndex() + " is used twice");
            }
        }
        if (networkInterfaces.stream().map(NetworkInterface::macAddress).distinct().count()
                != networkInterfaces.size()) {
            throw new IllegalArgumentException("A MAC address is used twice");
        }
        Set<String> hostPorts = new HashSet<>();
        for (NetworkInterface networkInterface : networkInterfaces) {
            if (networkInterface.userNetwork() == null) {
                continue;
            }
            for (HostForward forward : networkInterface.userNetwork().hostForwards()) {
                if (!hostPorts.add(forward.protocol() + ":" + forward.hostAddress() + ":" + forward.hostPort())) {
                    throw new IllegalArgumentException("Host port " + forward.hostPort() + " is forwarded twice");
                }
            }
        }
    }
}
