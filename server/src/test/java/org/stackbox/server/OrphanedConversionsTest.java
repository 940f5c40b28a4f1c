package org.stackbox.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code qemu-img convert} whose Stackbox died (here: whose parent shell exited, as a killed Stackbox's children
 * are re-parented) is stopped by the next start on the same data directory, and only such a one.
 */
class OrphanedConversionsTest {
    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aConversionLeftByADeadStackboxIsStoppedAndNoOtherIs() throws Exception {
        ProcessHandle orphan = orphanedConversion(data);
        ProcessHandle someoneElses = orphanedConversion(elsewhere);

        assertThat(OrphanedConversions.stop(data)).isEqualTo(1);

        assertThat(orphan.isAlive()).isFalse();
        assertThat(someoneElses.isAlive()).as("a conversion outside the data directory is not Stackbox's").isTrue();
        assertThat(OrphanedConversions.stop(data)).isZero();
    }

    /** A qemu-img convert that blocks reading a pipe nobody writes, whose parent shell has exited. */
    private ProcessHandle orphanedConversion(Path directory) throws Exception {
        Path pipe = directory.resolve("source.fifo");
        new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor();
        Path target = directory.resolve("target.raw");
        Process shell = new ProcessBuilder("sh", "-c", "qemu-img convert -f raw -O raw '" + pipe + "' '" + target
                + "' >/dev/null 2>&1 & echo $!").start();
        long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes()).strip());
        shell.waitFor();
        ProcessHandle conversion = ProcessHandle.of(pid).orElseThrow();
        started.add(conversion);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!conversion.info().arguments().map(arguments -> List.of(arguments).contains("convert")).orElse(false)) {
            assertThat(Instant.now()).as("qemu-img started").isBefore(deadline);
            Thread.sleep(20);
        }
        assertThat(Files.exists(pipe)).isTrue();
        return conversion;
    }
}
