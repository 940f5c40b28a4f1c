package org.stackbox.virt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.virt.BlockDeviceLayoutTest.BLANK_VOLUME;
import static org.stackbox.virt.BlockDeviceLayoutTest.DISK_IMAGE;
import static org.stackbox.virt.BlockDeviceLayoutTest.ISO_IMAGE;
import static org.stackbox.virt.BlockDeviceLayoutTest.ISO_SERVER;
import static org.stackbox.virt.BlockDeviceLayoutTest.request;

@Timeout(10)
class HotPlugDeviceTest {
    static final String NEW_VOLUME = "0b9c3f2e-4bd4-4d6b-9d4e-2f0c2f4a8e11";

    @Test
    void aVolumeAttachedToAServerBootedFromAnIsoTakesTheNextVirtioName() {
        ImageMeta iso = ImageMeta.fromProperties(ISO_IMAGE, ImageDiskFormat.ISO, Map.of("hw_disk_bus", "ide"));
        DomainSpec spec = BlockDeviceLayout.layout(request(ISO_SERVER, Optional.of(iso),
                List.of(BlockDeviceMapping.volume(BLANK_VOLUME).withDiskBus(DiskBus.VIRTIO))));

        DiskDevice device = BlockDeviceLayout.hotPlugDevice(spec, new DiskSource.Volume(NEW_VOLUME), DeviceType.DISK,
                Optional.empty(), Optional.of(iso));

        assertThat(device).isEqualTo(new DiskDevice("vdb", DiskBus.VIRTIO, DeviceType.DISK, null,
                new DiskSource.Volume(NEW_VOLUME), false));
    }

    @Test
    void aSecondCdromGoesOnScsiReadOnly() {
        DomainSpec spec = BlockDeviceLayout.layout(request(ISO_SERVER,
                Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO)), List.of()));

        DiskDevice device = BlockDeviceLayout.hotPlugDevice(spec, new DiskSource.Image(DISK_IMAGE), DeviceType.CDROM,
                Optional.empty(), Optional.empty());

        assertThat(device.target()).isEqualTo("sda");
        assertThat(device.readOnly()).isTrue();
    }

    @Test
    void refusesIdeWhileRunningAndASecondAttachmentOfTheSameVolume() {
        DomainSpec spec = BlockDeviceLayout.layout(request(ISO_SERVER,
                Optional.of(ImageMeta.of(ISO_IMAGE, ImageDiskFormat.ISO)),
                List.of(BlockDeviceMapping.volume(BLANK_VOLUME))));

        assertThatThrownBy(() -> BlockDeviceLayout.hotPlugDevice(spec, new DiskSource.Volume(NEW_VOLUME),
                DeviceType.DISK, Optional.of(DiskBus.IDE), Optional.empty()))
                .hasMessageContaining("Bus ide cannot take a device while the server runs");
        assertThatThrownBy(() -> BlockDeviceLayout.hotPlugDevice(spec, new DiskSource.Volume(BLANK_VOLUME),
                DeviceType.DISK, Optional.empty(), Optional.empty()))
                .hasMessageContaining("volume-" + BLANK_VOLUME + " is already attached");
    }

    @Test
    void anImageUsedAsItIsCannotBeWritable() {
        assertThatThrownBy(() -> new DiskDevice("vdb", DiskBus.VIRTIO, DeviceType.DISK, null,
                new DiskSource.Image(ISO_IMAGE), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
