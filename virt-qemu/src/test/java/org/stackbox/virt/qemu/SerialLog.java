package org.stackbox.virt.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waits for what a guest prints on its serial console. */
final class SerialLog {
    private SerialLog() {}

    /** Waits until {@code log} holds {@code marker} {@code times} times; fails after {@code timeout}. */
    static void awaitMarker(Path log, String marker, int times, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (count(log, marker) >= times) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No " + times + " x '" + marker + "' in " + log + " within " + timeout
                + "; it holds: " + read(log));
    }

    static int count(Path log, String marker) throws IOException {
        String text = read(log);
        int count = 0;
        for (int index = text.indexOf(marker); index >= 0; index = text.indexOf(marker, index + 1)) {
            count++;
        }
        return count;
    }

    static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }
}
