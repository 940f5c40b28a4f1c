package org.stackbox.virt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.stackbox.virt.BlockDeviceMappingException.Reason.ALREADY_ATTACHED;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.BUS_CANNOT_CARRY_CDROM;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.BUS_NOT_AVAILABLE;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.BUS_NOT_HOT_PLUGGABLE;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.EPHEMERAL_NOT_DISK;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.IMAGE_REQUIRED;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.ISO_AS_DISK;
import static org.stackbox.virt.BlockDeviceMappingException.Reason.MORE_THAN_ONE_IMAGE_DISK;

/**
 * The one place where device names and boot order are decided: a pure function from a server's block device
 * mappings (with its flavor, image properties, config drive and network boot choice) to its {@link DomainSpec},
 * following Nova's {@code blockinfo}:
 * <ul>
 *   <li>the bus gives the prefix: virtio {@code vd*}, IDE {@code hd*} (four: {@code hda} to {@code hdd}), SATA,
 *       SCSI and USB {@code sd*}; names are handed out in order: root device first, then local disks, then
 *       volumes, each taking its bus's first free name;</li>
 *   <li>disks default to the image's {@code hw_disk_bus} or virtio, CD-ROMs to {@code hw_cdrom_bus} or IDE on
 *       machine {@code pc} and SATA on {@code q35} (which has no IDE);</li>
 *   <li>the config drive is a CD-ROM with the CD-ROM bus's last name: {@code hdd};</li>
 *   <li>given an image and no mapping with boot index 0, the image boots: its copy {@code <server-id>_disk} is
 *       {@code vda}, or for an ISO the boot CD-ROM {@code hda}, and volumes follow ({@code vda} beside an ISO,
 *       {@code vdb} beside a disk image);</li>
 *   <li>an ISO is never a writable disk; boot indexes are unique and run from 0 without gaps.</li>
 * </ul>
 * Devices are listed as Nova's domain XML lists them (and {@code virsh domblklist} prints them): local disks,
 * then the config drive, then volumes.
 */
public final class BlockDeviceLayout {
    private BlockDeviceLayout() {}

    /** The domain for a new server; refuses impossible mappings with {@link BlockDeviceMappingException}. */
    public static DomainSpec layout(LayoutRequest request) {
        Optional<ImageMeta> image = request.image();
        MachineType machine = image.flatMap(ImageMeta::machineType).orElse(MachineType.PC);
        DiskBus diskBus = image.flatMap(ImageMeta::diskBus).orElse(DiskBus.VIRTIO);
        DiskBus cdromBus = image.flatMap(ImageMeta::cdromBus).orElse(machine.defaultCdromBus());

        List<BlockDeviceMapping> mappings = withImageRootDisk(request);
        BootSequence.requireValid(mappings);

        TargetNames names = new TargetNames(List.of());
        Optional<DiskDevice> configDrive = Optional.empty();
        if (request.configDrive()) {
            requireUsable(cdromBus, DeviceType.CDROM, machine);
            configDrive = Optional.of(new DiskDevice(names.last(cdromBus), cdromBus, DeviceType.CDROM, null,
                    new DiskSource.ConfigDrive(request.serverId()), true));
        }
        List<DeviceChoice> choices = new ArrayList<>();
        int ephemeralCount = 0;
        for (BlockDeviceMapping mapping : namingOrder(mappings)) {
            DeviceChoice choice = choose(request.serverId(), mapping, image, diskBus, cdromBus, ephemeralCount);
            if (choice.source() instanceof DiskSource.EphemeralDisk) {
                ephemeralCount++;
            }
            requireUsable(choice.bus(), choice.deviceType(), machine);
            mapping.deviceName().ifPresent(name -> names.claim(name, choice.bus()));
            choices.add(choice);
        }
        List<DiskDevice> local = new ArrayList<>();
        List<DiskDevice> volumes = new ArrayList<>();
        for (DeviceChoice choice : choices) {
            String target = choice.mapping().deviceName().orElseGet(() -> names.next(choice.bus()));
            DiskDevice device = new DiskDevice(target, choice.bus(), choice.deviceType(),
                    choice.mapping().bootIndex().isPresent() ? choice.mapping().bootIndex().getAsInt() : null,
                    choice.source(), choice.deviceType() == DeviceType.CDROM);
            (choice.mapping().destinationType() == DestinationType.LOCAL ? local : volumes).add(device);
        }
        List<DiskDevice> disks = new ArrayList<>(local);
        configDrive.ifPresent(disks::add);
        disks.addAll(volumes);
        return NetworkBootOrder.apply(new DomainSpec(request.serverId(), request.flavor().vcpus(),
                request.flavor().memoryMib(), machine, disks, List.of(), Consoles.ALL,
                image.map(ImageMeta::guestAgent).orElse(false)),
                request.macAddresses(), request.networkBoot());
    }

    /**
     * The device for a disk or CD-ROM added to a running server: on the requested bus, else the image's disk bus
     * when it can be hot-plugged, else virtio for a disk and SCSI for a CD-ROM (Nova's bug 1379212 was a volume
     * sent to the IDE bus of a server booted from an ISO); named with the bus's first free name.
     */
    public static DiskDevice hotPlugDevice(DomainSpec current, DiskSource source, DeviceType deviceType,
                                           Optional<DiskBus> requestedBus, Optional<ImageMeta> image) {
        if (current.diskWithSource(source).isPresent()) {
            throw new BlockDeviceMappingException(ALREADY_ATTACHED, source.name());
        }
        DiskBus bus = requestedBus.orElseGet(() -> deviceType == DeviceType.CDROM
                ? DiskBus.SCSI
                : image.flatMap(ImageMeta::diskBus).filter(DiskBus::hotPluggable).orElse(DiskBus.VIRTIO));
        if (!bus.hotPluggable()) {
            throw new BlockDeviceMappingException(BUS_NOT_HOT_PLUGGABLE, bus.openStackName());
        }
        requireUsable(bus, deviceType, current.machineType());
        TargetNames names = new TargetNames(current.disks().stream().map(DiskDevice::target).toList());
        return new DiskDevice(names.next(bus), bus, deviceType, null, source, deviceType == DeviceType.CDROM);
    }

    private record DeviceChoice(BlockDeviceMapping mapping, DiskSource source, DeviceType deviceType, DiskBus bus) {}

    private static DeviceChoice choose(String serverId, BlockDeviceMapping mapping, Optional<ImageMeta> image,
                                       DiskBus diskBus, DiskBus cdromBus, int ephemeralIndex) {
        DiskSource source;
        DeviceType deviceType;
        if (mapping.isImageRootDisk()) {
            ImageMeta meta = image.orElseThrow(() -> new BlockDeviceMappingException(IMAGE_REQUIRED));
            if (meta.isIso() && mapping.deviceType().filter(type -> type == DeviceType.DISK).isPresent()) {
                throw new BlockDeviceMappingException(ISO_AS_DISK, meta.imageId());
            }
            source = new DiskSource.RootDisk(serverId);
            deviceType = meta.isIso() ? DeviceType.CDROM : mapping.deviceType().orElse(DeviceType.DISK);
        } else if (mapping.destinationType() == DestinationType.LOCAL) {
            if (mapping.deviceType().filter(type -> type == DeviceType.CDROM).isPresent()) {
                throw new BlockDeviceMappingException(EPHEMERAL_NOT_DISK);
            }
            source = new DiskSource.EphemeralDisk(serverId, ephemeralIndex);
            deviceType = DeviceType.DISK;
        } else {
            source = new DiskSource.Volume(mapping.volumeId().orElseThrow());
            deviceType = mapping.deviceType().orElse(DeviceType.DISK);
        }
        DiskBus bus = mapping.diskBus().orElse(deviceType == DeviceType.CDROM ? cdromBus : diskBus);
        return new DeviceChoice(mapping, source, deviceType, bus);
    }

    /** The image's own root disk comes first when an image is given and no mapping claims boot index 0. */
    private static List<BlockDeviceMapping> withImageRootDisk(LayoutRequest request) {
        List<BlockDeviceMapping> mappings = request.blockDeviceMappings();
        long imageDisks = mappings.stream().filter(BlockDeviceMapping::isImageRootDisk).count();
        if (imageDisks > 1) {
            throw new BlockDeviceMappingException(MORE_THAN_ONE_IMAGE_DISK);
        }
        boolean bootIndexZeroTaken = mappings.stream()
                .anyMatch(mapping -> mapping.bootIndex().isPresent() && mapping.bootIndex().getAsInt() == 0);
        if (request.image().isEmpty() || imageDisks == 1 || bootIndexZeroTaken) {
            return mappings;
        }
        List<BlockDeviceMapping> withRoot = new ArrayList<>();
        withRoot.add(BlockDeviceMapping.imageRootDisk());
        withRoot.addAll(mappings);
        return withRoot;
    }

    /** Nova names the root device first, then local disks, then volumes, each group in request order. */
    private static List<BlockDeviceMapping> namingOrder(List<BlockDeviceMapping> mappings) {
        return mappings.stream()
                .sorted(Comparator.comparingInt(BlockDeviceLayout::namingGroup))
                .toList();
    }

    private static int namingGroup(BlockDeviceMapping mapping) {
        if (mapping.bootIndex().isPresent() && mapping.bootIndex().getAsInt() == 0) {
            return 0;
        }
        return mapping.destinationType() == DestinationType.LOCAL ? 1 : 2;
    }

    private static void requireUsable(DiskBus bus, DeviceType deviceType, MachineType machine) {
        if (bus == DiskBus.IDE && !machine.hasIde()) {
            throw new BlockDeviceMappingException(BUS_NOT_AVAILABLE, bus.openStackName(),
                    machine.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (deviceType == DeviceType.CDROM && !bus.cdromCapable()) {
            throw new BlockDeviceMappingException(BUS_CANNOT_CARRY_CDROM, bus.openStackName());
        }
    }
}
