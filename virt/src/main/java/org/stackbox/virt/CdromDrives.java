package org.stackbox.virt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Installer media in a domain, as pure functions: which CD-ROM drives hold an ISO (the config drive is a CD-ROM too,
 * but never an installer), where a further ISO goes, and what boots once an ISO is ejected.
 */
public final class CdromDrives {
    private CdromDrives() {}

    /** The CD-ROM drives that hold a medium other than the config drive, in target order. */
    public static List<DiskDevice> withIso(DomainSpec spec) {
        return spec.disks().stream()
                .filter(disk -> disk.deviceType() == DeviceType.CDROM && disk.hasMedium() && !isConfigDrive(disk))
                .sorted(Comparator.comparing(DiskDevice::target))
                .toList();
    }

    /** The first empty CD-ROM drive, where an ISO goes when no drive is named. */
    public static Optional<DiskDevice> firstEmpty(DomainSpec spec) {
        return spec.disks().stream()
                .filter(disk -> disk.deviceType() == DeviceType.CDROM && !disk.hasMedium())
                .min(Comparator.comparing(DiskDevice::target));
    }

    public static boolean isConfigDrive(DiskDevice disk) {
        return disk.source() instanceof DiskSource.ConfigDrive;
    }

    /**
     * A new CD-ROM drive holding {@code source}: on the IDE bus while the domain is off and the machine has one (as
     * a second drive of a PC), else on SCSI, which a running guest can take (IDE cannot be hot-plugged).
     */
    public static DiskDevice newDrive(DomainSpec spec, DiskSource source, boolean running) {
        requireNonNull(source, "source is null");
        if (!running && spec.machineType().hasIde()) {
            TargetNames names = new TargetNames(spec.disks().stream().map(DiskDevice::target).toList());
            try {
                return new DiskDevice(names.next(DiskBus.IDE), DiskBus.IDE, DeviceType.CDROM, null, source, true);
            } catch (BlockDeviceMappingException full) {
                // All four IDE places are taken: SCSI has room.
            }
        }
        return BlockDeviceLayout.hotPlugDevice(spec, source, DeviceType.CDROM, Optional.of(DiskBus.SCSI),
                Optional.empty());
    }

    /**
     * The boot order once the drives {@code ejected} are empty: the devices that booted before, in their order,
     * without the ejected drives; if nothing is left, the first volume (what an installer installed onto), else the
     * first disk. Empty if the domain has no disk at all.
     */
    public static List<String> bootOrderAfterEject(DomainSpec spec, List<String> ejected) {
        List<String> order = new ArrayList<>(spec.disks().stream()
                .filter(disk -> disk.bootIndex() != null && !ejected.contains(disk.target()))
                .sorted(Comparator.comparingInt(DiskDevice::bootIndex))
                .map(DiskDevice::target)
                .toList());
        if (order.isEmpty()) {
            List<DiskDevice> disks = spec.disks().stream()
                    .filter(disk -> disk.deviceType() == DeviceType.DISK)
                    .sorted(Comparator.comparing(DiskDevice::target))
                    .toList();
            disks.stream().filter(disk -> disk.source() instanceof DiskSource.Volume).findFirst()
                    .or(() -> disks.stream().findFirst())
                    .ifPresent(disk -> order.add(disk.target()));
        }
        return List.copyOf(order);
    }

    /**
     * {@code spec} booting from the disks {@code targets} in this order; other disks lose their boot index, network
     * cards that booted follow the disks in their order.
     *
     * @throws IllegalArgumentException for an unknown target or an empty CD-ROM drive
     */
    public static DomainSpec withBootOrder(DomainSpec spec, List<String> targets) {
        for (String target : targets) {
            DiskDevice disk = spec.disk(target).orElseThrow(() ->
                    new IllegalArgumentException("No device " + target));
            if (!disk.hasMedium()) {
                throw new IllegalArgumentException("The CD-ROM drive " + target + " is empty: it cannot boot");
            }
        }
        List<DiskDevice> disks = spec.disks().stream()
                .map(disk -> disk.withBootIndex(targets.contains(disk.target()) ? targets.indexOf(disk.target()) : null))
                .toList();
        List<NetworkInterface> booting = spec.networkInterfaces().stream()
                .filter(card -> card.bootIndex() != null)
                .sorted(Comparator.comparingInt(NetworkInterface::bootIndex))
                .toList();
        List<NetworkInterface> cards = spec.networkInterfaces().stream()
                .map(card -> card.bootIndex() == null ? card
                        : card.withBootIndex(targets.size() + booting.indexOf(card)))
                .toList();
        return new DomainSpec(spec.serverId(), spec.vcpus(), spec.memoryMib(), spec.machineType(), disks, cards,
                spec.consoles(), spec.guestAgent());
    }
}
