package org.stackbox.storage.block;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parent that is killed with {@code kill -9} while its {@code qemu-img convert} runs takes the conversion with it:
 * the kernel kills the child (parent-death signal), nothing keeps writing the file no record owns.
 */
class QemuImgDiesWithParentTest {
    private static final long SOURCE_BYTES = 32L << 20;

    @TempDir
    Path directory;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void conversionDiesWithItsParent() throws Exception {
        Path source = Disks.raw(directory.resolve("source.raw"), SOURCE_BYTES, 0,
                Disks.pattern((int) SOURCE_BYTES, 7));
        Path target = directory.resolve("target.qcow2");
        Process parent = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                ConvertingParent.class.getName(), source.toString(), target.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("parent.log").toFile()).start();
        started.add(parent.toHandle());
        ProcessHandle conversion = awaitConversion(parent.toHandle());
        started.add(conversion);
        assertThat(isRunning(conversion.pid())).isTrue();

        parent.destroyForcibly();
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(awaitGone(conversion.pid(), 5_000))
                .as("qemu-img (pid %d) still runs 5 s after its parent was killed; at 1 MiB/s it had %d s of work left",
                        conversion.pid(), SOURCE_BYTES >> 20)
                .isTrue();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static ProcessHandle awaitConversion(ProcessHandle parent) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<ProcessHandle> conversion = parent.children()
                    .filter(child -> child.info().command().filter(command -> command.endsWith("/qemu-img")).isPresent())
                    .findFirst();
            if (conversion.isPresent()) {
                return conversion.get();
            }
            assertThat(parent.isAlive()).as("the converting parent exited before its qemu-img ran").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the parent started no qemu-img within 30 s");
    }

    private static boolean awaitGone(long pid, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (isRunning(pid)) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Running, that is neither gone nor a zombie waiting for a parent that reaps it. */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
