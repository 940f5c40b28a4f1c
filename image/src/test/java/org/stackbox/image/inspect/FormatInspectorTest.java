package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.image.inspect.CraftedImages.GIB;
import static org.stackbox.image.inspect.CraftedImages.MIB;
import static org.stackbox.image.inspect.CraftedImages.qcow2;
import static org.stackbox.image.inspect.CraftedImages.vhdx;

/** The streaming contract of the inspector, beyond what the format tables cover. */
class FormatInspectorTest {
    @Test
    void inspectsAWholeFile(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("disk.vhdx");
        Files.write(file, vhdx(GIB, 2 * MIB).build());

        assertThat(FormatInspector.inspect(DiskFormat.VHDX, file))
                .isEqualTo(InspectionResult.accepted(DiskFormat.VHDX, OptionalLong.of(GIB), Map.of()));
    }

    @Test
    void inspectsAWholeStream() throws IOException {
        byte[] data = qcow2(3, GIB).build();

        assertThat(FormatInspector.inspect(DiskFormat.RAW, new ByteArrayInputStream(data)))
                .isEqualTo(InspectionResult.rejected(DiskFormat.QCOW2, "Image data is a qcow2 image, not raw"));
    }

    @Test
    void keepsMemoryBoundedForAHugeUpload() {
        FormatInspector inspector = FormatInspector.forDeclared(DiskFormat.RAW);
        byte[] chunk = new byte[(int) MIB];
        long chunks = 8 * 1024;
        for (long index = 0; index < chunks; index++) {
            inspector.update(chunk, 0, chunk.length);
        }

        assertThat(inspector.finish(chunks * MIB)).isEqualTo(
                InspectionResult.accepted(DiskFormat.RAW, OptionalLong.of(8 * GIB), Map.of()));
    }

    @Test
    void refusesATotalThatDiffersFromTheBytesSeen() {
        FormatInspector inspector = FormatInspector.forDeclared(DiskFormat.RAW);
        inspector.update(new byte[10], 0, 10);

        assertThatThrownBy(() -> inspector.finish(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("totalSize 11 differs from the 10 bytes passed to update");
    }

    @Test
    void refusesUseAfterFinishing() {
        FormatInspector inspector = FormatInspector.forDeclared(DiskFormat.RAW);
        inspector.finish(0);

        assertThatThrownBy(() -> inspector.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> inspector.finish(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAChunkOutsideItsBuffer() {
        FormatInspector inspector = FormatInspector.forDeclared(DiskFormat.RAW);

        assertThatThrownBy(() -> inspector.update(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void takesChunksFromTheMiddleOfABuffer() {
        byte[] qcow2 = qcow2(2, GIB).build();
        byte[] padded = new byte[qcow2.length + 20];
        System.arraycopy(qcow2, 0, padded, 10, qcow2.length);
        FormatInspector inspector = FormatInspector.forDeclared(DiskFormat.QCOW2);
        inspector.update(padded, 10, 100);
        inspector.update(padded, 110, qcow2.length - 100);

        assertThat(inspector.finish(qcow2.length))
                .isEqualTo(InspectionResult.accepted(DiskFormat.QCOW2, OptionalLong.of(GIB), Map.of()));
    }
}
