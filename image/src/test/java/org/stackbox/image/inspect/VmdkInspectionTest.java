package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.MIB;
import static org.stackbox.image.inspect.CraftedImages.VMDK_CAPACITY;
import static org.stackbox.image.inspect.CraftedImages.VMDK_DESCRIPTOR_OFFSET;
import static org.stackbox.image.inspect.CraftedImages.VMDK_DESCRIPTOR_SIZE;
import static org.stackbox.image.inspect.CraftedImages.VMDK_GRAIN_DIRECTORY_OFFSET;
import static org.stackbox.image.inspect.CraftedImages.VMDK_VERSION;
import static org.stackbox.image.inspect.CraftedImages.monolithicSparseVmdk;
import static org.stackbox.image.inspect.CraftedImages.selfExtent;
import static org.stackbox.image.inspect.CraftedImages.vmdk;
import static org.stackbox.image.inspect.CraftedImages.vmdkDescriptor;
import static org.stackbox.image.spi.DiskFormat.RAW;
import static org.stackbox.image.spi.DiskFormat.VMDK;
import static org.stackbox.image.inspect.InspectionCase.given;

class VmdkInspectionTest {
    private static final String MULTI_FILE = "vmdk image is a descriptor file that refers to other files; "
            + "multi-file vmdk is not allowed";
    private static final String NO_DESCRIPTOR = "vmdk image has no embedded descriptor, or one larger than 64 KiB";
    private static final String PARENT = "vmdk image names a parent disk, which is not allowed";

    static List<InspectionCase> cases() {
        return List.of(
                given("monolithicSparse", VMDK, monolithicSparseVmdk()).accepted(VMDK, GIB),
                given("streamOptimized, version 3, compressed", VMDK, streamOptimized()).accepted(VMDK, GIB),
                given("descriptor 2 MiB into the file", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", selfExtent()), 2 * MIB / 512))
                        .accepted(VMDK, GIB),
                given("descriptor straddling the end of the kept prefix", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", selfExtent()), MIB / 512 - 1))
                        .accepted(VMDK, GIB),
                given("descriptor naming another file", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", "RW 2048 SPARSE \"other.vmdk\""), 1))
                        .rejected(VMDK, "vmdk descriptor names extent \"other.vmdk\" of 2048 sectors, but the image "
                                + "holds 2097152; it describes another file"),
                given("descriptor with a second extent", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", selfExtent(), "RW 2048 SPARSE \"other.vmdk\""), 1))
                        .rejected(VMDK, "vmdk descriptor lists 2 extents; only the image's own single extent is allowed"),
                given("descriptor naming a host path", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", "RW 2097152 SPARSE \"/etc/shadow\""), 1))
                        .rejected(VMDK, "vmdk descriptor names extent file \"/etc/shadow\"; a path is not allowed"),
                given("descriptor naming a relative path", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", "RW 2097152 SPARSE \"../../x.vmdk\""), 1))
                        .rejected(VMDK, "vmdk descriptor names extent file \"../../x.vmdk\"; a path is not allowed"),
                given("descriptor with a flat extent", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", "RW 2097152 FLAT \"disk-flat.vmdk\" 0"), 1))
                        .rejected(VMDK, "vmdk descriptor has a FLAT extent; only the image's own sparse extent is allowed"),
                given("descriptor with no extent", VMDK, vmdk(vmdkDescriptor("monolithicSparse"), 1))
                        .rejected(VMDK, "vmdk descriptor lists 0 extents; only the image's own single extent is allowed"),
                given("createType monolithicFlat", VMDK, vmdk(vmdkDescriptor("monolithicFlat", selfExtent()), 1))
                        .rejected(VMDK, createTypeMessage("monolithicFlat")),
                given("createType twoGbMaxExtentSparse", VMDK,
                        vmdk(vmdkDescriptor("twoGbMaxExtentSparse", selfExtent()), 1))
                        .rejected(VMDK, createTypeMessage("twoGbMaxExtentSparse")),
                given("createType vmfs", VMDK, vmdk(vmdkDescriptor("vmfs", selfExtent()), 1))
                        .rejected(VMDK, createTypeMessage("vmfs")),
                given("no createType", VMDK, vmdk("version=1\n" + selfExtent() + "\n", 1))
                        .rejected(VMDK, "vmdk descriptor has no createType"),
                given("parent named in the descriptor", VMDK, vmdk(vmdkDescriptor("monolithicSparse", selfExtent())
                        .replace("parentCID=ffffffff", "parentCID=12345678\nparentFileNameHint=\"base.vmdk\""), 1))
                        .rejected(VMDK, PARENT),
                given("parent named where QEMU looks, descriptor elsewhere", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", selfExtent()), 64)
                                .ascii(512, "parentFileNameHint=\"/var/lib/base.vmdk\"\n"))
                        .rejected(VMDK, PARENT),
                given("unrecognised descriptor line", VMDK,
                        vmdk(vmdkDescriptor("monolithicSparse", selfExtent()) + "rm -rf /\n", 1))
                        .rejected(VMDK, "vmdk descriptor has an unrecognised line: rm -rf /"),
                given("descriptor that is not ASCII", VMDK, vmdk(vmdkDescriptor("monolithicSparse", selfExtent()), 1)
                        .bytes(600, "caf\u00e9".getBytes(StandardCharsets.UTF_8)))
                        .rejected(VMDK, "vmdk descriptor is not ASCII text"),
                given("descriptor file", VMDK, descriptorFile()).rejected(VMDK, MULTI_FILE),
                given("descriptor file shorter than a sector", VMDK,
                        "# Disk DescriptorFile\nversion=1\nRW 8 FLAT \"/dev/sda\" 0\n".getBytes(StandardCharsets.US_ASCII))
                        .rejected(VMDK, MULTI_FILE),
                given("legacy COWD extent", VMDK, monolithicSparseVmdk().ascii(0, "COWD"))
                        .rejected(VMDK, "vmdk image is a legacy COWD sparse extent, which is not supported"),
                given("capacity 0", VMDK, monolithicSparseVmdk().uint64LittleEndian(VMDK_CAPACITY, 0))
                        .rejected(VMDK, "vmdk image has no capacity, which is not allowed"),
                given("capacity 2^63 sectors", VMDK, monolithicSparseVmdk().uint64LittleEndian(VMDK_CAPACITY, -1))
                        .rejected(VMDK, "vmdk image declares an impossible capacity"),
                given("version 4", VMDK, monolithicSparseVmdk().uint32LittleEndian(VMDK_VERSION, 4))
                        .rejected(VMDK, "vmdk image has version 4; only 1 to 3 are supported"),
                given("grain directory in a footer", VMDK,
                        monolithicSparseVmdk().uint64LittleEndian(VMDK_GRAIN_DIRECTORY_OFFSET, -1))
                        .rejected(VMDK, "vmdk image keeps its header in a footer at the end of the file, "
                                + "which cannot be verified while streaming"),
                given("no embedded descriptor", VMDK, monolithicSparseVmdk().uint64LittleEndian(VMDK_DESCRIPTOR_OFFSET, 0))
                        .rejected(VMDK, NO_DESCRIPTOR),
                given("descriptor of 2^63 - 1 sectors", VMDK,
                        monolithicSparseVmdk().uint64LittleEndian(VMDK_DESCRIPTOR_SIZE, Long.MAX_VALUE))
                        .rejected(VMDK, NO_DESCRIPTOR),
                given("descriptor at sector 2^63 - 1", VMDK,
                        monolithicSparseVmdk().uint64LittleEndian(VMDK_DESCRIPTOR_OFFSET, Long.MAX_VALUE))
                        .rejected(VMDK, NO_DESCRIPTOR),
                given("descriptor beyond the end of the data", VMDK,
                        monolithicSparseVmdk().uint64LittleEndian(VMDK_DESCRIPTOR_OFFSET, 100_000))
                        .rejected(VMDK, "vmdk image ends before its embedded descriptor"),
                given("truncated header", VMDK, Arrays.copyOf(monolithicSparseVmdk().build(), 100))
                        .rejected(VMDK, "Image data is too short to be a vmdk image"),
                given("declared raw", RAW, monolithicSparseVmdk()).rejected(VMDK, "Image data is a vmdk image, not raw"),
                given("descriptor file declared raw", RAW, descriptorFile())
                        .rejected(VMDK, "Image data is a vmdk image, not raw"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspectsVmdk(InspectionCase row) {
        assertThat(row.inspectWhole()).isEqualTo(row.expected());
    }

    private static ImageBuilder streamOptimized() {
        return vmdk(vmdkDescriptor("streamOptimized", selfExtent()), 1)
                .uint32LittleEndian(VMDK_VERSION, 3)
                .uint32LittleEndian(8, 0x30003)
                .uint16LittleEndian(77, 1);
    }

    /** What {@code qemu-img create -o subformat=monolithicFlat} writes next to the flat extent. */
    private static ImageBuilder descriptorFile() {
        String text = vmdkDescriptor("monolithicFlat", "RW 2097152 FLAT \"/etc/shadow\" 0");
        return ImageBuilder.ofLength(1024).ascii(0, text);
    }

    private static String createTypeMessage(String createType) {
        return "vmdk image has createType " + createType + "; only monolithicSparse and streamOptimized are allowed";
    }
}
