package org.stackbox.virt.qemu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SerialLogLimitTest {
    @TempDir
    Path root;

    @Test
    void aLogOverTheLimitKeepsItsNewestWholeLines() throws Exception {
        Path log = Files.createDirectories(root.resolve("server")).resolve("serial.log");
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 200; line++) {
            text.append("line ").append(line).append('\n');
        }
        Files.writeString(log, text);

        assertThat(SerialLogLimit.trim(log, 1000)).isTrue();

        String kept = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(kept.length()).isLessThanOrEqualTo(500);
        assertThat(kept).startsWith("line ").endsWith("line 199\n");
        assertThat(text.toString()).endsWith(kept);
    }

    @Test
    void aLogUnderTheLimitOrMissingIsLeftAlone() throws Exception {
        Path log = Files.createDirectories(root.resolve("server")).resolve("serial.log");
        Files.writeString(log, "short\n");

        assertThat(SerialLogLimit.trim(log, 1000)).isFalse();
        assertThat(Files.readString(log)).isEqualTo("short\n");
        assertThat(SerialLogLimit.trim(root.resolve("other/serial.log"), 1000)).isFalse();
        assertThat(root.resolve("other/serial.log")).doesNotExist();
    }

    @Test
    void theTimerBoundsEveryDomainsLog() throws Exception {
        Path log = Files.createDirectories(root.resolve("0b2a4a2e-1111-4222-8333-444455556666")).resolve("serial.log");
        Files.write(log, new byte[64 * 1024]);
        Files.createDirectories(root.resolve("no-log-yet"));

        try (SerialLogLimit ignored = SerialLogLimit.start(root, 4096, Duration.ofMillis(20))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.size(log) > 4096 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(Files.size(log)).isLessThanOrEqualTo(4096);
        assertThat(root.resolve("no-log-yet/serial.log")).doesNotExist();
    }
}
