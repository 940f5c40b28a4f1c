package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.KIB;
import static org.stackbox.image.inspect.CraftedImages.MIB;
import static org.stackbox.image.inspect.CraftedImages.VHDX_FILE_PARAMETERS;
import static org.stackbox.image.inspect.CraftedImages.VHDX_METADATA_ITEMS;
import static org.stackbox.image.inspect.CraftedImages.VHDX_METADATA_REGION;
import static org.stackbox.image.inspect.CraftedImages.VHDX_PARENT_LOCATOR;
import static org.stackbox.image.inspect.CraftedImages.VHDX_REGION_TABLE;
import static org.stackbox.image.inspect.CraftedImages.rawBytes;
import static org.stackbox.image.inspect.CraftedImages.vhdx;
import static org.stackbox.image.inspect.CraftedImages.vhdxMetadataEntry;
import static org.stackbox.image.inspect.CraftedImages.vhdxRegionEntry;
import static org.stackbox.image.spi.DiskFormat.RAW;
import static org.stackbox.image.spi.DiskFormat.VHDX;
import static org.stackbox.image.inspect.InspectionCase.given;

class VhdxInspectionTest {
    private static final long METADATA = 2 * MIB;
    private static final String PARENT = "vhdx image is a differencing disk with a parent, which is not allowed";
    private static final String NO_REGION_TABLE = "vhdx image has no region table locating its metadata";
    private static final String NO_VIRTUAL_SIZE = "vhdx image has no virtual disk size in its metadata";

    static List<InspectionCase> cases() {
        return List.of(
                given("metadata 2 MiB in", VHDX, vhdx(64 * GIB, METADATA)).accepted(VHDX, 64 * GIB),
                given("metadata right after the header section", VHDX, vhdx(GIB, MIB)).accepted(VHDX, GIB),
                given("virtual size item far into the metadata region", VHDX, vhdx(GIB, METADATA)
                        .uint32LittleEndian(METADATA + 64 + 16, 512 * KIB)
                        .uint64LittleEndian(METADATA + 512 * KIB, 7 * GIB))
                        .accepted(VHDX, 7 * GIB),
                given("parent locator", VHDX, vhdxMetadataEntry(vhdx(GIB, METADATA)
                        .uint16LittleEndian(METADATA + 10, 3), METADATA, 2, VHDX_PARENT_LOCATOR, 128 * KIB))
                        .rejected(VHDX, PARENT),
                given("HasParent flag", VHDX, vhdx(GIB, METADATA).uint32LittleEndian(METADATA + VHDX_METADATA_ITEMS + 4, 2))
                        .rejected(VHDX, PARENT),
                given("no region table", VHDX, vhdx(GIB, METADATA).ascii(VHDX_REGION_TABLE, "xxxx"))
                        .rejected(VHDX, NO_REGION_TABLE),
                given("region table of 2^32 - 1 entries", VHDX, vhdx(GIB, METADATA)
                        .uint32LittleEndian(VHDX_REGION_TABLE + 8, 0xffffffffL))
                        .rejected(VHDX, NO_REGION_TABLE),
                given("metadata inside the header section", VHDX, vhdxRegionEntry(vhdx(GIB, METADATA), 1,
                        VHDX_METADATA_REGION, 512 * KIB))
                        .rejected(VHDX, "vhdx image has a misplaced metadata region"),
                given("metadata at offset 2^63 - 1", VHDX, vhdxRegionEntry(vhdx(GIB, METADATA), 1,
                        VHDX_METADATA_REGION, Long.MAX_VALUE))
                        .rejected(VHDX, "vhdx image has a misplaced metadata region"),
                given("metadata beyond the end", VHDX, vhdxRegionEntry(vhdx(GIB, METADATA), 1,
                        VHDX_METADATA_REGION, 64 * GIB))
                        .rejected(VHDX, "vhdx image ends before its metadata region"),
                given("no metadata table signature", VHDX, vhdx(GIB, METADATA).ascii(METADATA, "nothing!"))
                        .rejected(VHDX, "vhdx image has no metadata table"),
                given("metadata table of 65535 entries", VHDX, vhdx(GIB, METADATA)
                        .uint16LittleEndian(METADATA + 10, 0xffff))
                        .rejected(VHDX, NO_VIRTUAL_SIZE),
                given("no virtual size item", VHDX, vhdx(GIB, METADATA).uint16LittleEndian(METADATA + 10, 1))
                        .rejected(VHDX, NO_VIRTUAL_SIZE),
                given("item outside the region", VHDX, vhdxMetadataEntry(vhdx(GIB, METADATA), METADATA, 0,
                        VHDX_FILE_PARAMETERS, 0xfffffff0L))
                        .rejected(VHDX, "vhdx image has a malformed metadata item"),
                given("virtual size of 2^64 - 1", VHDX, vhdx(-1, METADATA))
                        .rejected(VHDX, "vhdx image declares an impossible virtual size"),
                given("no header", VHDX, vhdx(GIB, METADATA).ascii(64 * KIB, "xxxx").ascii(128 * KIB, "xxxx"))
                        .rejected(VHDX, "vhdx image has no header"),
                given("raw bytes shorter than a header section", VHDX, rawBytes(4096))
                        .rejected(RAW, "Image data is too short to be a vhdx image"),
                given("truncated header section", VHDX, Arrays.copyOf(vhdx(GIB, METADATA).build(), 300 * 1024))
                        .rejected(VHDX, "Image data is too short to be a vhdx image"),
                given("raw bytes", VHDX, rawBytes((int) (2 * MIB))).rejected(RAW, "Image data is a raw image, not vhdx"),
                given("declared raw", RAW, vhdx(GIB, METADATA)).rejected(VHDX, "Image data is a vhdx image, not raw"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspectsVhdx(InspectionCase row) {
        assertThat(row.inspectWhole()).isEqualTo(row.expected());
    }
}
