package org.stackbox.virt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The naming table: each row is a server's request and the devices it gets, one line per device in the order the
 * domain lists them: {@code target bus type boot-index source}. The article's three {@code virsh domblklist}
 * outputs are the first rows.
 */
@Timeout(10)
class BlockDeviceLayoutTest {
    static final String IMAGE_SERVER = "46f4bb89-446f-45d2-a6d8-70a5b2715906";
    static final String VOLUME_SERVER = "2a531f5f-bc3f-42dd-b9d4-6edb4fdb8a3c";
    static final String IMAGE_AND_VOLUME_SERVER = "78ae95b1-ef47-4391-bb6f-a020df47ebbe";
    static final String ISO_SERVER = "7b4190b6-efa7-4299-9fbd-23a98a77ac23";
    static final String DISK_IMAGE = "f80ba429-417d-4ae7-8b4d-855a484f8454";
    static final String ISO_IMAGE = "f2d3e1f5-6dc8-415c-b1a4-4baf9030ba6a";
    static final String BOOT_VOLUME = "5b540b6a-3a98-4417-9a86-6df94d9767b7";
    static final String BLANK_VOLUME = "739bfe68-052a-4b6e-bfb0-ba83e49c63d6";
    static final String INSTALL_VOLUME = "21324408-e1bf-4028-b81d-9c9173f89ac6";
    static final Flavor SMALL = new Flavor(1, 2048);
    static final String MAC = "fa:16:3e:11:22:33";

    static Stream<Arguments> layouts() {
        return Stream.of(
                row("article 2.1: boot from image",
                        request(IMAGE_SERVER, Optional.of(ImageMeta.of(DISK_IMAGE, ImageDiskFormat.QCOW2)), List.of()),
                        "vda virtio disk 0 " + IMAGE_SERVER + "_disk",
                        "hdd ide cdrom - " + IMAGE_SERVER + "_disk.config"),
                row("article 2.2: boot from volume",
                        request(VOLUME_SERVER, Optional.empty(),
                                List.of(BlockDeviceMapping.volume(BOOT_VOLUME).withBootIndex(0))),
                        "hdd ide cdrom - " + VOLUME_SERVER + "_disk.config",
                        "vda virtio disk 0 volume-" + BOOT_VOLUME),
                row("article 2.3: image (the article's ISO) with a blank volume",
                        request(IMAGE_AND_VOLUME_SERVER, Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO)),
                                List.of(BlockDeviceMapping.volume(BLANK_VOLUME))),
                        "hda ide cdrom 0 " + IMAGE_AND_VOLUME_SERVER + "_disk",
                        "hdd ide cdrom - " + IMAGE_AND_VOLUME_SERVER + "_disk.config",
                        "vda virtio disk - volume-" + BLANK_VOLUME),
                row("article 2.3 with a disk image whose hw_disk_bus is ide",
                        request(IMAGE_AND_VOLUME_SERVER, Optional.of(ImageMeta.fromProperties(DISK_IMAGE,
                                        ImageDiskFormat.QCOW2, Map.of("hw_disk_bus", "ide"))),
                                List.of(BlockDeviceMapping.volume(BLANK_VOLUME).withDiskBus(DiskBus.VIRTIO))),
                        "hda ide disk 0 " + IMAGE_AND_VOLUME_SERVER + "_disk",
                        "hdd ide cdrom - " + IMAGE_AND_VOLUME_SERVER + "_disk.config",
                        "vda virtio disk - volume-" + BLANK_VOLUME),
                row("disk image with a blank volume: the image boots, the volume is the next disk",
                        request(IMAGE_AND_VOLUME_SERVER, Optional.of(ImageMeta.of(DISK_IMAGE, ImageDiskFormat.QCOW2)),
                                List.of(BlockDeviceMapping.volume(BLANK_VOLUME))),
                        "vda virtio disk 0 " + IMAGE_AND_VOLUME_SERVER + "_disk",
                        "hdd ide cdrom - " + IMAGE_AND_VOLUME_SERVER + "_disk.config",
                        "vdb virtio disk - volume-" + BLANK_VOLUME),
                row("article 3.3: install from ISO onto a blank volume",
                        request(ISO_SERVER, Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO)),
                                List.of(BlockDeviceMapping.volume(INSTALL_VOLUME))),
                        "hda ide cdrom 0 " + ISO_SERVER + "_disk",
                        "hdd ide cdrom - " + ISO_SERVER + "_disk.config",
                        "vda virtio disk - volume-" + INSTALL_VOLUME),
                row("article 3.4: boot the installed volume",
                        request(ISO_SERVER, Optional.empty(),
                                List.of(BlockDeviceMapping.volume(INSTALL_VOLUME).withBootIndex(0))),
                        "hdd ide cdrom - " + ISO_SERVER + "_disk.config",
                        "vda virtio disk 0 volume-" + INSTALL_VOLUME),
                row("one step: ISO with a new blank volume that boots second",
                        request(ISO_SERVER, Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO)),
                                List.of(BlockDeviceMapping.imageRootDisk(),
                                        BlockDeviceMapping.createdVolume(SourceType.BLANK, INSTALL_VOLUME)
                                                .withBootIndex(1))),
                        "hda ide cdrom 0 " + ISO_SERVER + "_disk",
                        "hdd ide cdrom - " + ISO_SERVER + "_disk.config",
                        "vda virtio disk 1 volume-" + INSTALL_VOLUME),
                row("a volume with boot index 0 wins over the image, whose properties still apply",
                        request(IMAGE_SERVER, Optional.of(ImageMeta.fromProperties(DISK_IMAGE, ImageDiskFormat.QCOW2,
                                        Map.of("hw_disk_bus", "scsi"))),
                                List.of(BlockDeviceMapping.volume(BOOT_VOLUME).withBootIndex(0))),
                        "hdd ide cdrom - " + IMAGE_SERVER + "_disk.config",
                        "sda scsi disk 0 volume-" + BOOT_VOLUME),
                row("q35 has no IDE: the ISO and the config drive go on SATA",
                        request(ISO_SERVER, Optional.of(ImageMeta.fromProperties(ISO_IMAGE, ImageDiskFormat.ISO,
                                        Map.of("hw_machine_type", "q35"))),
                                List.of(BlockDeviceMapping.volume(INSTALL_VOLUME))),
                        "sda sata cdrom 0 " + ISO_SERVER + "_disk",
                        "sdf sata cdrom - " + ISO_SERVER + "_disk.config",
                        "vda virtio disk - volume-" + INSTALL_VOLUME),
                row("hw_cdrom_bus scsi moves the ISO and the config drive",
                        request(ISO_SERVER, Optional.of(ImageMeta.fromProperties(ISO_IMAGE, ImageDiskFormat.ISO,
                                        Map.of("hw_cdrom_bus", "scsi"))),
                                List.of(BlockDeviceMapping.volume(INSTALL_VOLUME))),
                        "sda scsi cdrom 0 " + ISO_SERVER + "_disk",
                        "sdz scsi cdrom - " + ISO_SERVER + "_disk.config",
                        "vda virtio disk - volume-" + INSTALL_VOLUME),
                row("image with an ephemeral disk and two volumes, one named by the caller",
                        request(IMAGE_SERVER, Optional.of(ImageMeta.of(DISK_IMAGE, ImageDiskFormat.RAW)),
                                List.of(BlockDeviceMapping.volume(BLANK_VOLUME).withDeviceName("/dev/vdb"),
                                        BlockDeviceMapping.volume(BOOT_VOLUME),
                                        BlockDeviceMapping.ephemeralDisk())),
                        "vda virtio disk 0 " + IMAGE_SERVER + "_disk",
                        "vdc virtio disk - " + IMAGE_SERVER + "_disk.eph0",
                        "hdd ide cdrom - " + IMAGE_SERVER + "_disk.config",
                        "vdb virtio disk - volume-" + BLANK_VOLUME,
                        "vdd virtio disk - volume-" + BOOT_VOLUME),
                row("IDE volumes skip hdd, which the config drive holds",
                        request(ISO_SERVER, Optional.of(ImageMeta.fromProperties(ISO_IMAGE, ImageDiskFormat.ISO,
                                        Map.of("hw_disk_bus", "ide"))),
                                List.of(BlockDeviceMapping.volume(BLANK_VOLUME),
                                        BlockDeviceMapping.volume(BOOT_VOLUME))),
                        "hda ide cdrom 0 " + ISO_SERVER + "_disk",
                        "hdd ide cdrom - " + ISO_SERVER + "_disk.config",
                        "hdb ide disk - volume-" + BLANK_VOLUME,
                        "hdc ide disk - volume-" + BOOT_VOLUME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void namesDevicesLikeNova(String name, LayoutRequest request, List<String> expected) {
        DomainSpec spec = BlockDeviceLayout.layout(request);

        assertThat(spec.disks()).map(BlockDeviceLayoutTest::describe).containsExactlyElementsOf(expected);
        assertThat(spec.disks()).filteredOn(disk -> disk.deviceType() == DeviceType.CDROM)
                .allMatch(DiskDevice::readOnly);
    }

    @Test
    void withoutConfigDriveTheImageIsAlone() {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(IMAGE_SERVER, SMALL,
                Optional.of(ImageMeta.of(DISK_IMAGE, ImageDiskFormat.QCOW2)), List.of(), false, List.of(MAC),
                NetworkBoot.NEVER));

        assertThat(spec.disks()).map(BlockDeviceLayoutTest::describe)
                .containsExactly("vda virtio disk 0 " + IMAGE_SERVER + "_disk");
        assertThat(spec.networkInterfaces()).containsExactly(new NetworkInterface(MAC, null));
        assertThat(spec.machineType()).isEqualTo(MachineType.PC);
        assertThat(spec.vcpus()).isEqualTo(1);
        assertThat(spec.memoryMib()).isEqualTo(2048);
    }

    @Test
    void networkBootAfterTheDisksTakesTheNextBootIndex() {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(ISO_SERVER, SMALL, Optional.empty(),
                List.of(BlockDeviceMapping.volume(INSTALL_VOLUME).withBootIndex(0)), true,
                List.of(MAC, "fa:16:3e:11:22:34"), NetworkBoot.AFTER_DISKS));

        assertThat(spec.networkInterfaces()).containsExactly(
                new NetworkInterface(MAC, 1), new NetworkInterface("fa:16:3e:11:22:34", null));
        assertThat(spec.bootDisk()).map(DiskDevice::target).contains("vda");
    }

    @Test
    void networkBootFirstMovesTheDisksBack() {
        DomainSpec spec = BlockDeviceLayout.layout(new LayoutRequest(ISO_SERVER, SMALL, Optional.empty(),
                List.of(BlockDeviceMapping.volume(INSTALL_VOLUME).withBootIndex(0)), true, List.of(MAC),
                NetworkBoot.FIRST));

        assertThat(spec.networkInterfaces()).containsExactly(new NetworkInterface(MAC, 0));
        assertThat(spec.disk("vda")).map(DiskDevice::bootIndex).contains(1);
    }

    static Arguments row(String name, LayoutRequest request, String... expected) {
        return Arguments.of(name, request, List.of(expected));
    }

    static LayoutRequest request(String serverId, Optional<ImageMeta> image, List<BlockDeviceMapping> mappings) {
        return new LayoutRequest(serverId, SMALL, image, mappings, true, List.of(MAC), NetworkBoot.NEVER);
    }

    static String describe(DiskDevice disk) {
        return String.join(" ", disk.target(), disk.bus().openStackName(),
                disk.deviceType().name().toLowerCase(java.util.Locale.ROOT),
                disk.bootIndex() == null ? "-" : disk.bootIndex().toString(), disk.source().name());
    }
}
