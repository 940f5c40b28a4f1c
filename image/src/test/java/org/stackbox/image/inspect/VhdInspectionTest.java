package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.MIB;
import static org.stackbox.image.inspect.CraftedImages.VHD_DISK_TYPE;
import static org.stackbox.image.inspect.CraftedImages.dynamicVhd;
import static org.stackbox.image.inspect.CraftedImages.fixedVhd;
import static org.stackbox.image.inspect.CraftedImages.rawBytes;
import static org.stackbox.image.inspect.CraftedImages.vhdFooter;
import static org.stackbox.image.spi.DiskFormat.RAW;
import static org.stackbox.image.spi.DiskFormat.VHD;
import static org.stackbox.image.inspect.InspectionCase.given;

class VhdInspectionTest {
    private static final int FIXED_DATA_LENGTH = (int) MIB;
    private static final int FIXED_FOOTER = FIXED_DATA_LENGTH;

    static List<InspectionCase> cases() {
        return List.of(
                given("fixed disk, footer at the end", VHD, fixedVhd(FIXED_DATA_LENGTH)).accepted(VHD, MIB),
                given("dynamic disk, footer copy at the start", VHD, dynamicVhd(10 * GIB)).accepted(VHD, 10 * GIB),
                given("dynamic disk with only the copy at the start", VHD,
                        Arrays.copyOf(dynamicVhd(10 * GIB).build(), 4096)).accepted(VHD, 10 * GIB),
                given("differencing disk", VHD, vhdFooter(dynamicVhd(GIB), 0, 4, GIB))
                        .rejected(VHD, "vhd image is a differencing disk with a parent, which is not allowed"),
                given("footer only at the end, of a dynamic disk", VHD,
                        fixedVhd(FIXED_DATA_LENGTH).uint32BigEndian(FIXED_FOOTER + VHD_DISK_TYPE, 3))
                        .rejected(VHD, "vhd image is a dynamic disk without the copy of its footer at the start"),
                given("unknown disk type", VHD, fixedVhd(FIXED_DATA_LENGTH).uint32BigEndian(FIXED_FOOTER + VHD_DISK_TYPE, 7))
                        .rejected(VHD, "vhd image has unknown disk type 7"),
                given("virtual size of 2^64 - 1", VHD, vhdFooter(fixedVhd(4096), 4096, 2, -1))
                        .rejected(VHD, "vhd image declares an impossible virtual size"),
                given("truncated footer copy", VHD, Arrays.copyOf(dynamicVhd(GIB).build(), 100))
                        .rejected(VHD, "Image data is too short to be a vhd image"),
                given("raw bytes", VHD, rawBytes(4096)).rejected(RAW, "Image data is a raw image, not vhd"),
                given("fixed disk declared raw", RAW, fixedVhd(FIXED_DATA_LENGTH))
                        .rejected(VHD, "Image data is a vhd image, not raw"),
                given("dynamic disk declared raw", RAW, dynamicVhd(GIB))
                        .rejected(VHD, "Image data is a vhd image, not raw"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspectsVhd(InspectionCase row) {
        assertThat(row.inspectWhole()).isEqualTo(row.expected());
    }
}
