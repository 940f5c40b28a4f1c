package org.stackbox.virt;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A boot order changed on an existing domain: the disks keep their order, only the first card boots. */
class NetworkBootOrderTest {
    private static final String SERVER = "7b4190b6-efa7-4299-9fbd-23a98a77ac23";
    private static final String VOLUME = "21324408-e1bf-4028-b81d-9c9173f89ac6";
    private static final String FIRST_CARD = "fa:16:3e:11:22:33";
    private static final String SECOND_CARD = "fa:16:3e:11:22:34";

    /** The ISO install: the CD-ROM boots first, the volume second, and the config drive not at all. */
    private static DomainSpec installer(NetworkBoot networkBoot) {
        return BlockDeviceLayout.layout(new LayoutRequest(SERVER, new Flavor(1, 512),
                Optional.of(ImageMeta.of("f2d3e1f5-6dc8-415c-b1a4-4baf9030ba6a", ImageDiskFormat.ISO)),
                List.of(BlockDeviceMapping.volume(VOLUME).withBootIndex(1)), true, List.of(FIRST_CARD, SECOND_CARD),
                networkBoot));
    }

    @Test
    void everyChoiceOnAnExistingDomainGivesWhatTheLayoutGives() {
        for (NetworkBoot from : NetworkBoot.values()) {
            for (NetworkBoot to : NetworkBoot.values()) {
                assertThat(NetworkBootOrder.withNetworkBoot(installer(from), to))
                        .as("%s then %s", from, to).isEqualTo(installer(to));
            }
        }
    }

    @Test
    void afterTheDisksTheFirstCardFollowsTheLastDiskThatBoots() {
        DomainSpec spec = installer(NetworkBoot.AFTER_DISKS);

        assertThat(spec.disks()).extracting(DiskDevice::target, DiskDevice::bootIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hda", 0),
                        org.assertj.core.groups.Tuple.tuple("hdd", null),
                        org.assertj.core.groups.Tuple.tuple("vda", 1));
        assertThat(spec.networkInterfaces()).extracting(NetworkInterface::bootIndex).containsExactly(2, null);
    }

    @Test
    void networkFirstMovesEveryDiskBackByOne() {
        DomainSpec spec = installer(NetworkBoot.FIRST);

        assertThat(spec.disk("hda").orElseThrow().bootIndex()).isEqualTo(1);
        assertThat(spec.disk("vda").orElseThrow().bootIndex()).isEqualTo(2);
        assertThat(spec.networkInterfaces()).extracting(NetworkInterface::bootIndex).containsExactly(0, null);
    }

    @Test
    void aDomainWithoutCardsKeepsItsDisks() {
        DomainSpec spec = installer(NetworkBoot.NEVER).withNetworkInterfaces(List.of());

        assertThat(NetworkBootOrder.withNetworkBoot(spec, NetworkBoot.AFTER_DISKS)).isEqualTo(spec);
    }

    @Test
    void bootFileNamesStayInsideTheirRoot() {
        assertThat(Netboot.isSafeName("boot.ipxe")).isTrue();
        assertThat(Netboot.isSafeName("installer/vmlinuz")).isTrue();
        for (String bad : List.of("", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/", "a,b", "a b",
                "a\\b", "a\nb")) {
            assertThat(Netboot.isSafeName(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> new Netboot("/srv/tftp", "../secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Netboot("relative", "boot.ipxe")).isInstanceOf(IllegalArgumentException.class);
    }
}
