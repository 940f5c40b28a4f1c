package org.stackbox.virt;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.virt.BlockDeviceLayoutTest.BLANK_VOLUME;
import static org.stackbox.virt.BlockDeviceLayoutTest.BOOT_VOLUME;
import static org.stackbox.virt.BlockDeviceLayoutTest.DISK_IMAGE;
import static org.stackbox.virt.BlockDeviceLayoutTest.ISO_IMAGE;
import static org.stackbox.virt.BlockDeviceLayoutTest.ISO_SERVER;
import static org.stackbox.virt.BlockDeviceLayoutTest.request;
import static org.stackbox.virt.BlockDeviceMappingException.Reason;

/** Mappings that cannot make a server, each refused with its reason and a message that says what is wrong. */
@Timeout(10)
class BlockDeviceLayoutErrorTest {
    static final Optional<ImageMeta> DISK = Optional.of(ImageMeta.of(DISK_IMAGE, ImageDiskFormat.QCOW2));
    static final Optional<ImageMeta> ISO = Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO));

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Reason.DUPLICATE_BOOT_INDEX, "boot_index 0 is given to more than one device",
                        request(ISO_SERVER, Optional.empty(), List.of(
                                BlockDeviceMapping.volume(BOOT_VOLUME).withBootIndex(0),
                                BlockDeviceMapping.volume(BLANK_VOLUME).withBootIndex(0)))),
                Arguments.of(Reason.DUPLICATE_BOOT_INDEX, "boot_index 0",
                        request(ISO_SERVER, ISO, List.of(BlockDeviceMapping.imageRootDisk(),
                                BlockDeviceMapping.volume(BLANK_VOLUME).withBootIndex(0)))),
                Arguments.of(Reason.NO_BOOT_DEVICE, "no image and no block device with boot_index 0",
                        request(ISO_SERVER, Optional.empty(), List.of(BlockDeviceMapping.volume(BOOT_VOLUME)))),
                Arguments.of(Reason.INVALID_BOOT_SEQUENCE, "[0, 2] must run from 0 without gaps",
                        request(ISO_SERVER, DISK, List.of(BlockDeviceMapping.volume(BOOT_VOLUME).withBootIndex(2)))),
                Arguments.of(Reason.ISO_AS_DISK, "is an ISO",
                        request(ISO_SERVER, ISO, List.of(BlockDeviceMapping.imageRootDisk()
                                .withDeviceType(DeviceType.DISK)))),
                Arguments.of(Reason.DUPLICATE_TARGET, "device name vdb is used more than once",
                        request(ISO_SERVER, DISK, List.of(
                                BlockDeviceMapping.volume(BOOT_VOLUME).withDeviceName("vdb"),
                                BlockDeviceMapping.volume(BLANK_VOLUME).withDeviceName("/dev/vdb")))),
                Arguments.of(Reason.DUPLICATE_TARGET, "device name hdd",
                        request(ISO_SERVER, DISK, List.of(BlockDeviceMapping.volume(BOOT_VOLUME)
                                .withDiskBus(DiskBus.IDE).withDeviceName("hdd")))),
                Arguments.of(Reason.INVALID_DEVICE_NAME, "device name hdb does not fit bus virtio",
                        request(ISO_SERVER, DISK, List.of(BlockDeviceMapping.volume(BOOT_VOLUME)
                                .withDeviceName("hdb")))),
                Arguments.of(Reason.BUS_NOT_AVAILABLE, "bus ide is not available on machine type q35",
                        request(ISO_SERVER, Optional.of(ImageMeta.fromProperties(DISK_IMAGE, ImageDiskFormat.QCOW2,
                                Map.of("hw_machine_type", "q35", "hw_cdrom_bus", "ide"))), List.of())),
                Arguments.of(Reason.BUS_CANNOT_CARRY_CDROM, "a CD-ROM cannot be attached on bus virtio",
                        request(ISO_SERVER, Optional.of(ImageMeta.fromProperties(ISO_IMAGE, ImageDiskFormat.ISO,
                                Map.of("hw_cdrom_bus", "virtio"))), List.of())),
                Arguments.of(Reason.TOO_MANY_DEVICES, "no free device name left on bus ide",
                        request(ISO_SERVER, ISO, List.of(
                                BlockDeviceMapping.volume("v1").withDiskBus(DiskBus.IDE),
                                BlockDeviceMapping.volume("v2").withDiskBus(DiskBus.IDE),
                                BlockDeviceMapping.volume("v3").withDiskBus(DiskBus.IDE)))),
                Arguments.of(Reason.IMAGE_REQUIRED, "needs the server's image",
                        request(ISO_SERVER, Optional.empty(), List.of(BlockDeviceMapping.imageRootDisk()))),
                Arguments.of(Reason.EPHEMERAL_NOT_DISK, "can only be a disk",
                        request(ISO_SERVER, DISK, List.of(BlockDeviceMapping.ephemeralDisk()
                                .withDeviceType(DeviceType.CDROM)))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void refuses(Reason reason, String message, LayoutRequest request) {
        assertThatThrownBy(() -> BlockDeviceLayout.layout(request))
                .isInstanceOfSatisfying(BlockDeviceMappingException.class,
                        exception -> org.assertj.core.api.Assertions.assertThat(exception.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void refusesAnUnknownBusInTheImageProperties() {
        assertThatThrownBy(() -> ImageMeta.fromProperties(DISK_IMAGE, ImageDiskFormat.QCOW2,
                Map.of("hw_disk_bus", "floppy")))
                .isInstanceOf(BlockDeviceMappingException.class)
                .hasMessageContaining("hw_disk_bus=floppy");
    }
}
