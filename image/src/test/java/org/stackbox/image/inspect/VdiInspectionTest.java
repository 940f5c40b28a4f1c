package org.stackbox.image.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.VDI_VERSION;
import static org.stackbox.image.inspect.CraftedImages.vdi;
import static org.stackbox.image.spi.DiskFormat.RAW;
import static org.stackbox.image.spi.DiskFormat.VDI;
import static org.stackbox.image.inspect.InspectionCase.given;

class VdiInspectionTest {
    private static final int DYNAMIC = 1;
    private static final int STATIC = 2;
    private static final int UNDO = 3;
    private static final int DIFFERENCING = 4;

    static List<InspectionCase> cases() {
        return List.of(
                given("dynamic", VDI, vdi(DYNAMIC, GIB)).accepted(VDI, GIB),
                given("static", VDI, vdi(STATIC, 3 * GIB)).accepted(VDI, 3 * GIB),
                given("differencing", VDI, vdi(DIFFERENCING, GIB)).rejected(VDI, typeMessage(DIFFERENCING)),
                given("undo", VDI, vdi(UNDO, GIB)).rejected(VDI, typeMessage(UNDO)),
                given("header version 1.0", VDI, vdi(DYNAMIC, GIB).uint32LittleEndian(VDI_VERSION, 0x00010000))
                        .rejected(VDI, "vdi image has header version 1.0; only 1.1 is supported"),
                given("no text signature", VDI, vdi(DYNAMIC, GIB).ascii(0, "QEMU"))
                        .rejected(VDI, "vdi image lacks the \"<<< \" text signature"),
                given("virtual size of 2^64 - 1", VDI, vdi(DYNAMIC, -1))
                        .rejected(VDI, "vdi image declares an impossible virtual size"),
                given("truncated header", VDI, Arrays.copyOf(vdi(DYNAMIC, GIB).build(), 200))
                        .rejected(VDI, "Image data is too short to be a vdi image"),
                given("declared raw", RAW, vdi(DYNAMIC, GIB)).rejected(VDI, "Image data is a vdi image, not raw"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspectsVdi(InspectionCase row) {
        assertThat(row.inspectWhole()).isEqualTo(row.expected());
    }

    private static String typeMessage(int type) {
        return "vdi image has type " + type + "; only dynamic and static images are allowed, not undo or differencing ones";
    }
}
