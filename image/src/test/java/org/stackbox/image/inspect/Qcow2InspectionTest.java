package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.QCOW2_BACKING_FILE_OFFSET;
import static org.stackbox.image.inspect.CraftedImages.QCOW2_CLUSTER_BITS;
import static org.stackbox.image.inspect.CraftedImages.QCOW2_HEADER_LENGTH;
import static org.stackbox.image.inspect.CraftedImages.QCOW2_INCOMPATIBLE_FEATURES;
import static org.stackbox.image.inspect.CraftedImages.QCOW2_SIZE;
import static org.stackbox.image.inspect.CraftedImages.QCOW2_SNAPSHOTS_OFFSET;
import static org.stackbox.image.inspect.CraftedImages.QCOW2_VERSION_3_EXTENSIONS;
import static org.stackbox.image.inspect.CraftedImages.qcow2;
import static org.stackbox.image.inspect.CraftedImages.qcow2Extension;
import static org.stackbox.image.inspect.CraftedImages.rawBytes;
import static org.stackbox.image.inspect.CraftedImages.monolithicSparseVmdk;
import static org.stackbox.image.spi.DiskFormat.QCOW2;
import static org.stackbox.image.spi.DiskFormat.RAW;
import static org.stackbox.image.spi.DiskFormat.VMDK;
import static org.stackbox.image.inspect.InspectionCase.given;

class Qcow2InspectionTest {
    private static final long BACKING_FORMAT_EXTENSION = 0xe2792acaL;
    private static final long FEATURE_NAME_TABLE_EXTENSION = 0x6803f857L;
    private static final long DATA_FILE_EXTENSION = 0x44415441L;

    static List<InspectionCase> cases() {
        return List.of(
                given("version 2", QCOW2, qcow2(2, GIB)).accepted(QCOW2, GIB),
                given("version 3", QCOW2, qcow2(3, 10 * GIB)).accepted(QCOW2, 10 * GIB),
                given("version 3, dirty", QCOW2, qcow2(3, GIB).uint64BigEndian(QCOW2_INCOMPATIBLE_FEATURES, 1))
                        .accepted(QCOW2, GIB),
                given("version 3 with known header extensions", QCOW2, withKnownExtensions()).accepted(QCOW2, GIB),
                given("version 2 with a backing file", QCOW2,
                        qcow2(2, GIB).uint64BigEndian(QCOW2_BACKING_FILE_OFFSET, 512).ascii(512, "base.img"))
                        .rejected(QCOW2, "qcow2 image has a backing file, which is not allowed"),
                given("version 3 with a backing file", QCOW2,
                        qcow2(3, GIB).uint64BigEndian(QCOW2_BACKING_FILE_OFFSET, 512).ascii(512, "/etc/passwd"))
                        .rejected(QCOW2, "qcow2 image has a backing file, which is not allowed"),
                given("external data file feature bit", QCOW2,
                        qcow2(3, GIB).uint64BigEndian(QCOW2_INCOMPATIBLE_FEATURES, 1 << 2))
                        .rejected(QCOW2, "qcow2 image uses an external data file, which is not allowed"),
                given("unknown incompatible feature", QCOW2,
                        qcow2(3, GIB).uint64BigEndian(QCOW2_INCOMPATIBLE_FEATURES, 1 << 5))
                        .rejected(QCOW2, "qcow2 image has unknown incompatible features (0x20), which are not allowed"),
                given("data file name header extension", QCOW2, withDataFileExtension())
                        .rejected(QCOW2, "qcow2 image names an external data file, which is not allowed"),
                given("header extension longer than the cluster", QCOW2, withOverlongExtension())
                        .rejected(QCOW2, "qcow2 image has a header extension that runs past the first cluster"),
                given("header extensions past the end of the data", QCOW2,
                        Arrays.copyOf(qcow2(3, GIB).build(), QCOW2_VERSION_3_EXTENSIONS))
                        .rejected(QCOW2, "qcow2 image header extensions run past the inspected data"),
                given("cluster_bits 8", QCOW2, qcow2(3, GIB).uint32BigEndian(QCOW2_CLUSTER_BITS, 8))
                        .rejected(QCOW2, "qcow2 image has cluster_bits 8; allowed are 9 to 21"),
                given("cluster_bits 22", QCOW2, qcow2(2, GIB).uint32BigEndian(QCOW2_CLUSTER_BITS, 22))
                        .rejected(QCOW2, "qcow2 image has cluster_bits 22; allowed are 9 to 21"),
                given("cluster_bits 4294967295", QCOW2, qcow2(2, GIB).uint32BigEndian(QCOW2_CLUSTER_BITS, -1))
                        .rejected(QCOW2, "qcow2 image has cluster_bits 4294967295; allowed are 9 to 21"),
                given("version 1 (qcow)", QCOW2, qcow2(1, GIB))
                        .rejected(QCOW2, "qcow2 image has version 1; only 2 and 3 are supported"),
                given("version 4", QCOW2, qcow2(4, GIB))
                        .rejected(QCOW2, "qcow2 image has version 4; only 2 and 3 are supported"),
                given("header length below 104", QCOW2, qcow2(3, GIB).uint32BigEndian(QCOW2_HEADER_LENGTH, 100))
                        .rejected(QCOW2, "qcow2 image has an invalid header length 100"),
                given("header length beyond the cluster", QCOW2,
                        qcow2(3, GIB).uint32BigEndian(QCOW2_HEADER_LENGTH, 0xffffffffL))
                        .rejected(QCOW2, "qcow2 image has an invalid header length 4294967295"),
                given("virtual size of 2^64 - 1", QCOW2, qcow2(3, GIB).uint64BigEndian(QCOW2_SIZE, -1))
                        .rejected(QCOW2, "qcow2 image declares an impossible virtual size"),
                given("truncated below the version 2 header", QCOW2, Arrays.copyOf(qcow2(2, GIB).build(), 50))
                        .rejected(QCOW2, "Image data is too short to be a qcow2 image"),
                given("just the magic", QCOW2, Arrays.copyOf(qcow2(2, GIB).build(), 4))
                        .rejected(QCOW2, "Image data is too short to be a qcow2 image"),
                given("empty", QCOW2, new byte[0])
                        .rejected(RAW, "Image data is too short to be a qcow2 image"),
                given("truncated inside the version 3 header", QCOW2, Arrays.copyOf(qcow2(3, GIB).build(), 80))
                        .rejected(QCOW2, "Image data is too short to be a qcow2 version 3 image"),
                given("raw bytes", QCOW2, rawBytes(4096))
                        .rejected(RAW, "Image data is a raw image, not qcow2"),
                given("a vmdk", QCOW2, monolithicSparseVmdk())
                        .rejected(VMDK, "Image data is a vmdk image, not qcow2"),
                given("also a vdi", QCOW2, qcow2(3, GIB).uint32LittleEndian(QCOW2_SNAPSHOTS_OFFSET, 0xbeda107fL))
                        .rejected(QCOW2, "Image data carries the signatures of several formats (qcow2, vdi), "
                                + "so it is refused as ambiguous"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspectsQcow2(InspectionCase row) {
        assertThat(row.inspectWhole()).isEqualTo(row.expected());
    }

    private static ImageBuilder withKnownExtensions() {
        ImageBuilder image = qcow2(3, GIB);
        long next = qcow2Extension(image, QCOW2_VERSION_3_EXTENSIONS, BACKING_FORMAT_EXTENSION, "raw");
        qcow2Extension(image, next, FEATURE_NAME_TABLE_EXTENSION, "\0\0dirty bit");
        return image;
    }

    private static ImageBuilder withDataFileExtension() {
        ImageBuilder image = qcow2(3, GIB);
        long next = qcow2Extension(image, QCOW2_VERSION_3_EXTENSIONS, FEATURE_NAME_TABLE_EXTENSION, "\0\0dirty bit");
        qcow2Extension(image, next, DATA_FILE_EXTENSION, "/etc/shadow");
        return image;
    }

    private static ImageBuilder withOverlongExtension() {
        ImageBuilder image = qcow2(3, GIB);
        return image.uint32BigEndian(QCOW2_VERSION_3_EXTENSIONS, FEATURE_NAME_TABLE_EXTENSION)
                .uint32BigEndian(QCOW2_VERSION_3_EXTENSIONS + 4, 0xfffffff0L);
    }
}
