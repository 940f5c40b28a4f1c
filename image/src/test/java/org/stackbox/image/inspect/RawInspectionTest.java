package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.MIB;
import static org.stackbox.image.inspect.CraftedImages.hybrid;
import static org.stackbox.image.inspect.CraftedImages.iso;
import static org.stackbox.image.inspect.CraftedImages.monolithicSparseVmdk;
import static org.stackbox.image.inspect.CraftedImages.qcow2;
import static org.stackbox.image.inspect.CraftedImages.rawBytes;
import static org.stackbox.image.inspect.CraftedImages.vdi;
import static org.stackbox.image.inspect.CraftedImages.vhdx;
import static org.stackbox.image.spi.DiskFormat.AKI;
import static org.stackbox.image.spi.DiskFormat.AMI;
import static org.stackbox.image.spi.DiskFormat.ARI;
import static org.stackbox.image.spi.DiskFormat.ISO;
import static org.stackbox.image.spi.DiskFormat.PLOOP;
import static org.stackbox.image.spi.DiskFormat.QCOW2;
import static org.stackbox.image.spi.DiskFormat.RAW;
import static org.stackbox.image.spi.DiskFormat.VDI;
import static org.stackbox.image.spi.DiskFormat.VHDX;
import static org.stackbox.image.spi.DiskFormat.VMDK;
import static org.stackbox.image.inspect.InspectionCase.given;

/** Raw and the raw-like formats (ami, ari, aki, ploop): any bytes, as long as they are not another container. */
class RawInspectionTest {
    static List<InspectionCase> cases() {
        return List.of(
                given("plain bytes", RAW, rawBytes(4096)).accepted(RAW, 4096),
                given("empty", RAW, new byte[0]).accepted(RAW, 0),
                given("an MBR disk", RAW, rawBytes(8192).uint8(510, 0x55).uint8(511, 0xaa)).accepted(RAW, 8192),
                given("qcow2 magic past offset 0", RAW, rawBytes(4096).bytes(1, new byte[] {'Q', 'F', 'I', (byte) 0xfb}))
                        .accepted(RAW, 4096),
                given("a disk holding an ISO 9660 file system", RAW, iso("DATA", false)).accepted(ISO, 19 * 2048),
                given("a hybrid iso", RAW, hybrid(iso("DATA", true))).accepted(ISO, 20 * 2048),
                given("a qcow2", RAW, qcow2(3, GIB)).rejected(QCOW2, "Image data is a qcow2 image, not raw"),
                given("a vmdk", RAW, monolithicSparseVmdk()).rejected(VMDK, "Image data is a vmdk image, not raw"),
                given("a vhdx", RAW, vhdx(GIB, 2 * MIB)).rejected(VHDX, "Image data is a vhdx image, not raw"),
                given("a vdi", RAW, vdi(1, GIB)).rejected(VDI, "Image data is a vdi image, not raw"),
                given("ami, plain bytes", AMI, rawBytes(4096)).accepted(RAW, 4096),
                given("ari, plain bytes", ARI, rawBytes(4096)).accepted(RAW, 4096),
                given("aki, plain bytes", AKI, rawBytes(4096)).accepted(RAW, 4096),
                given("ploop, plain bytes", PLOOP, rawBytes(4096)).accepted(RAW, 4096),
                given("ami that is a qcow2", AMI, qcow2(2, GIB)).rejected(QCOW2, "Image data is a qcow2 image, not ami"),
                given("ari that is a vmdk", ARI, monolithicSparseVmdk())
                        .rejected(VMDK, "Image data is a vmdk image, not ari"),
                given("aki that is a vdi", AKI, vdi(1, GIB)).rejected(VDI, "Image data is a vdi image, not aki"),
                given("ploop that is a vhdx", PLOOP, vhdx(GIB, MIB))
                        .rejected(VHDX, "Image data is a vhdx image, not ploop"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspectsRawLikeFormats(InspectionCase row) {
        assertThat(row.inspectWhole()).isEqualTo(row.expected());
    }
}
