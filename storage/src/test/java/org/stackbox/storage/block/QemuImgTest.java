package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

class QemuImgTest {
    private final QemuImg qemuImg = QemuImg.system();

    @TempDir
    Path directory;

    @Test
    void returnsWhatQemuImgPrints() {
        Path file = directory.resolve("disk.qcow2");
        qemuImg.run(Duration.ofSeconds(30), "create", "-q", "-f", "qcow2", file.toString(), "1M");

        JsonNode info = qemuImg.runJson(Duration.ofSeconds(30),
                List.of("info", "--output=json", "-f", "qcow2", file.toString()));

        assertThat(info.path("virtual-size").asLong()).isEqualTo(1 << 20);
        assertThat(info.path("format").asText()).isEqualTo("qcow2");
    }

    @Test
    void failureCarriesQemuImgsMessage() {
        Path missing = directory.resolve("missing.qcow2");

        assertThatThrownBy(() -> qemuImg.run(Duration.ofSeconds(30), "info", "-f", "qcow2", missing.toString()))
                .isInstanceOfSatisfying(QemuImgException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("Could not open").contains("No such file or directory");
                    assertThat(e.standardError()).contains("missing.qcow2");
                    assertThat(e.command()).startsWith("/usr/bin/qemu-img", "info");
                    assertThat(e.isLockConflict()).isFalse();
                });
    }

    @Test
    void wrongFormatIsAnErrorNotAGuess() {
        Path raw = Disks.raw(directory.resolve("disk.raw"), 1 << 20, 0, Disks.pattern(512, 1));

        assertThatThrownBy(() -> qemuImg.run(Duration.ofSeconds(30), "info", "-f", "qcow2", raw.toString()))
                .isInstanceOf(QemuImgException.class)
                .hasMessageContaining("qcow2");
    }

    @Test
    void processThatOutlivesItsTimeoutIsKilled() {
        QemuImg slow = new QemuImg(Path.of("/bin/sleep"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> slow.run(Duration.ofMillis(200), "30"))
                .isInstanceOfSatisfying(QemuImgException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(-1);
                    assertThat(e.getMessage()).contains("timed out");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
