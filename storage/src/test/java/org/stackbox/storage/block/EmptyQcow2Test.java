package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The files written in Java are read by the real qemu-img and qemu-io exactly as files qemu-img made. */
class EmptyQcow2Test {
    private static final long GIBIBYTE = 1L << 30;
    private final QemuImg qemuImg = QemuImg.system();

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(longs = {1L << 20, GIBIBYTE, 20 * GIBIBYTE, 1000 * GIBIBYTE, 64L * 1024 * GIBIBYTE})
    void blankFileIsAHealthyQcow2OfTheSizeAsked(long size) {
        Path file = directory.resolve("blank.qcow2");

        write(file, size, Optional.empty());

        Disks.assertHealthy(file);
        JsonNode info = info(file);
        assertThat(info.path("virtual-size").asLong()).isEqualTo(size);
        assertThat(info.path("cluster-size").asLong()).isEqualTo(65536);
        assertThat(info.path("format-specific").path("data").path("compat").asText()).isEqualTo("1.1");
        assertThat(info.has("backing-filename")).isFalse();
        assertThat(Disks.reads(file, 0, 0, 1 << 20)).isTrue();
    }

    @Test
    void overlayReadsItsBackingFileAndTakesWritesOfItsOwn() {
        byte[] data = Disks.pattern(4096, 7);
        Path base = Disks.raw(directory.resolve("base.raw"), 8 << 20, 1 << 20, data);
        Path overlay = directory.resolve("overlay.qcow2");

        write(overlay, 20 * GIBIBYTE, Optional.of(new EmptyQcow2.Backing("base.raw", "raw")));

        JsonNode info = info(overlay);
        assertThat(info.path("backing-filename").asText()).isEqualTo("base.raw");
        assertThat(info.path("backing-filename-format").asText()).isEqualTo("raw");
        assertThat(info.path("virtual-size").asLong()).isEqualTo(20 * GIBIBYTE);
        assertThat(Disks.same(overlay, "qcow2", base, "raw")).isTrue();

        Disks.writePattern(overlay, 0x5a, 3L * GIBIBYTE, 1 << 20);
        Disks.assertHealthy(overlay);
        assertThat(Disks.reads(overlay, 0x5a, 3L * GIBIBYTE, 1 << 20)).isTrue();
        assertThat(Disks.same(base, "raw", base, "raw")).isTrue();
    }

    @Test
    void sizeIsRoundedUpToWholeSectors() {
        Path file = directory.resolve("odd.qcow2");

        write(file, 1000, Optional.empty());

        assertThat(info(file).path("virtual-size").asLong()).isEqualTo(1024);
    }

    @Test
    void refusesToOverwriteAFile() {
        Path file = directory.resolve("blank.qcow2");
        write(file, GIBIBYTE, Optional.empty());

        assertThatThrownBy(() -> EmptyQcow2.write(file, GIBIBYTE, Optional.empty()))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void refusesNamesQemuCannotStore() {
        assertThatThrownBy(() -> new EmptyQcow2.Backing("x".repeat(1024), "raw"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmptyQcow2.Backing("", "raw")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void write(Path file, long size, Optional<EmptyQcow2.Backing> backing) {
        try {
            EmptyQcow2.write(file, size, backing);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode info(Path file) {
        return qemuImg.runJson(Duration.ofSeconds(30), List.of("info", "--output=json", "-f", "qcow2", file.toString()));
    }
}
