package org.stackbox.virt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Installer media: which drives hold an ISO, where another ISO goes, and what boots after an eject. */
@Timeout(10)
class CdromDrivesTest {
    static final String SERVER = "7b4190b6-efa7-4299-9fbd-23a98a77ac23";
    static final String ISO = "f2d3e1f5-6dc8-415c-b1a4-4baf9030ba6a";
    static final String DRIVERS = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";
    static final String VOLUME = "21324408-e1bf-4028-b81d-9c9173f89ac6";

    /** The one-step install: the ISO boots from hda, the blank volume is vda. */
    static DomainSpec installing() {
        return BlockDeviceLayout.layout(new LayoutRequest(SERVER, new Flavor(1, 512),
                Optional.of(ImageMeta.of(ISO, ImageDiskFormat.ISO)), List.of(BlockDeviceMapping.volume(VOLUME)), true,
                List.of("fa:16:3e:11:22:33"), NetworkBoot.NEVER));
    }

    @Test
    void theIsoIsInHdaAndTheConfigDriveIsNoInstaller() {
        assertThat(CdromDrives.withIso(installing())).extracting(DiskDevice::target).containsExactly("hda");
        assertThat(CdromDrives.firstEmpty(installing())).isEmpty();
    }

    @Test
    void ejectingTheBootingIsoMakesTheVolumeBoot() {
        DomainSpec spec = installing();
        assertThat(CdromDrives.bootOrderAfterEject(spec, List.of("hda"))).containsExactly("vda");
        DomainSpec ejected = CdromDrives.withBootOrder(spec.withReplacedDisk(spec.disk("hda").orElseThrow()
                .withSource(new DiskSource.NoMedium()).withBootIndex(null)), List.of("vda"));
        assertThat(ejected.bootDisk()).map(DiskDevice::target).contains("vda");
        assertThat(ejected.disk("hda").orElseThrow().bootIndex()).isNull();
        assertThat(CdromDrives.withIso(ejected)).isEmpty();
        assertThat(CdromDrives.firstEmpty(ejected)).map(DiskDevice::target).contains("hda");
    }

    @Test
    void ejectingASecondIsoKeepsTheBootOrder() {
        DomainSpec spec = installing().withDisk(CdromDrives.newDrive(installing(), new DiskSource.Image(DRIVERS),
                false));
        assertThat(spec.disk("hdb").orElseThrow().deviceType()).isEqualTo(DeviceType.CDROM);
        assertThat(CdromDrives.withIso(spec)).extracting(DiskDevice::target).containsExactly("hda", "hdb");
        assertThat(CdromDrives.bootOrderAfterEject(spec, List.of("hdb"))).containsExactly("hda");
    }

    @Test
    void aRunningGuestGetsItsNewDriveOnScsi() {
        DiskDevice drive = CdromDrives.newDrive(installing(), new DiskSource.Image(DRIVERS), true);
        assertThat(drive.target()).isEqualTo("sda");
        assertThat(drive.bus()).isEqualTo(DiskBus.SCSI);
        assertThat(drive.readOnly()).isTrue();
    }

    @Test
    void aBootOrderNamesDisksWithMedia() {
        DomainSpec spec = installing();
        DomainSpec empty = spec.withReplacedDisk(spec.disk("hda").orElseThrow()
                .withSource(new DiskSource.NoMedium()).withBootIndex(null));
        assertThatThrownBy(() -> CdromDrives.withBootOrder(empty, List.of("hda")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> CdromDrives.withBootOrder(spec, List.of("vdz")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CdromDrives.withBootOrder(spec, List.of("vda", "hda")).disks())
                .extracting(DiskDevice::target, DiskDevice::bootIndex)
                .contains(org.assertj.core.groups.Tuple.tuple("vda", 0), org.assertj.core.groups.Tuple.tuple("hda", 1),
                        org.assertj.core.groups.Tuple.tuple("hdd", null));
    }
}
