package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.ISO_DESCRIPTORS;
import static org.stackbox.image.inspect.CraftedImages.ISO_SECTOR;
import static org.stackbox.image.inspect.CraftedImages.hybrid;
import static org.stackbox.image.inspect.CraftedImages.iso;
import static org.stackbox.image.inspect.CraftedImages.isoDescriptor;
import static org.stackbox.image.inspect.CraftedImages.rawBytes;
import static org.stackbox.image.inspect.CraftedImages.vhdFooter;
import static org.stackbox.image.spi.DiskFormat.ISO;
import static org.stackbox.image.spi.DiskFormat.QCOW2;
import static org.stackbox.image.spi.DiskFormat.RAW;
import static org.stackbox.image.spi.DiskFormat.VHD;
import static org.stackbox.image.spi.DiskFormat.VHDX;
import static org.stackbox.image.spi.DiskFormat.VMDK;
import static org.stackbox.image.inspect.InspectionCase.given;

class IsoInspectionTest {
    private static final int PLAIN_LENGTH = 19 * ISO_SECTOR;
    private static final int BOOTABLE_LENGTH = 20 * ISO_SECTOR;

    static List<InspectionCase> cases() {
        return List.of(
                given("plain, labelled", ISO, iso("STACKBOX", false))
                        .accepted(ISO, PLAIN_LENGTH, properties("STACKBOX", false)),
                given("El Torito bootable, labelled", ISO, iso("UBUNTU 24.04 LTS", true))
                        .accepted(ISO, BOOTABLE_LENGTH, properties("UBUNTU 24.04 LTS", true)),
                given("hybrid with MBR and GPT (Launchpad bug 2059809)", ISO, hybrid(iso("HYBRID", true)))
                        .accepted(ISO, BOOTABLE_LENGTH, properties("HYBRID", true)),
                given("hybrid with MBR only", ISO, iso("MBR", false).uint8(510, 0x55).uint8(511, 0xaa))
                        .accepted(ISO, PLAIN_LENGTH, properties("MBR", false)),
                given("blank label", ISO, iso("", false))
                        .accepted(ISO, PLAIN_LENGTH, Map.of(IsoReader.BOOTABLE_PROPERTY, "false")),
                given("unprintable label", ISO, iso("EVIL", false).uint8(ISO_DESCRIPTORS + 42, 0x1b))
                        .accepted(ISO, PLAIN_LENGTH, properties("EV?L", false)),
                given("raw bytes", ISO, rawBytes(64 * 1024)).rejected(RAW, "Image data is a raw image, not iso"),
                given("also a qcow2", ISO, iso("X", false).bytes(0, new byte[] {'Q', 'F', 'I', (byte) 0xfb}))
                        .rejected(QCOW2, "Image data is a qcow2 image, not iso"),
                given("also a vmdk", ISO, iso("X", false).ascii(0, "KDMV"))
                        .rejected(VMDK, "Image data is a vmdk image, not iso"),
                given("also a vhdx", ISO, iso("X", false).ascii(0, "vhdxfile"))
                        .rejected(VHDX, "Image data is a vhdx image, not iso"),
                given("also a vhd, by its footer", ISO, vhdFooter(iso("X", false), PLAIN_LENGTH - 512, 2, GIB))
                        .rejected(VHD, "Image data is a vhd image, not iso"),
                given("no primary volume descriptor", ISO, isoDescriptor(iso("X", true), ISO_DESCRIPTORS, 2))
                        .rejected(ISO, "iso image has no ISO 9660 primary volume descriptor"),
                given("primary volume descriptor of version 2", ISO, iso("X", false).uint8(ISO_DESCRIPTORS + 6, 2))
                        .rejected(ISO, "iso image has a primary volume descriptor of unknown version"),
                given("garbage where the terminator belongs", ISO,
                        iso("X", false).ascii(ISO_DESCRIPTORS + ISO_SECTOR, "\u00ffGARBAGE"))
                        .rejected(ISO, "iso image has a malformed volume descriptor in sector 17"),
                given("no terminator", ISO, withoutTerminator())
                        .rejected(ISO, "iso image has no volume descriptor set terminator within 496 descriptors"),
                given("ends inside the descriptor set", ISO, Arrays.copyOf(iso("X", false).build(), 17 * ISO_SECTOR))
                        .rejected(ISO, "iso image ends inside its volume descriptor set"),
                given("truncated before the first descriptor ends", ISO,
                        Arrays.copyOf(iso("X", false).build(), ISO_DESCRIPTORS + 100))
                        .rejected(ISO, "Image data is too short to be an iso image"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspectsIso(InspectionCase row) {
        assertThat(row.inspectWhole()).isEqualTo(row.expected());
    }

    static Map<String, String> properties(String label, boolean bootable) {
        return Map.of(IsoReader.VOLUME_LABEL_PROPERTY, label, IsoReader.BOOTABLE_PROPERTY, Boolean.toString(bootable));
    }

    /** A primary volume descriptor followed by supplementary descriptors to the end of the kept prefix. */
    private static ImageBuilder withoutTerminator() {
        ImageBuilder image = iso("X", false);
        ImageBuilder longer = ImageBuilder.ofLength(FormatInspector.PREFIX_LENGTH + ISO_SECTOR)
                .bytes(0, Arrays.copyOf(image.build(), ISO_DESCRIPTORS + ISO_SECTOR));
        for (long offset = ISO_DESCRIPTORS + ISO_SECTOR; offset < longer.length(); offset += ISO_SECTOR) {
            isoDescriptor(longer, offset, 2);
        }
        return longer;
    }
}
