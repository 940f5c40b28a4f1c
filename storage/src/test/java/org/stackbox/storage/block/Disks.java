package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Disk images and checks for the tests, made and read with the real qemu-img and qemu-io. */
final class Disks {
    static final long MEBIBYTE = 1L << 20;

    private Disks() {}

    /** A sparse raw file of {@code size} bytes with {@code data} written at {@code offset}. */
    static Path raw(Path file, long size, long offset, byte[] data) {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            out.seek(offset);
            out.write(data);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes that are not zero and differ from seed to seed. */
    static byte[] pattern(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** A compressed qcow2 copy of a raw file. */
    static Path qcow2Of(Path raw, Path target) {
        run("qemu-img", "convert", "-c", "-f", "raw", "-O", "qcow2", raw.toString(), target.toString());
        return target;
    }

    /** {@code qemu-img compare}: true if both read the same (a larger one has zeros beyond the smaller one). */
    static boolean same(Path first, String firstFormat, Path second, String secondFormat) {
        Result result = exec("qemu-img", "compare", "-U", "-f", firstFormat, "-F", secondFormat,
                first.toString(), second.toString());
        assertThat(result.exitCode()).as(result.output()).isIn(0, 1);
        return result.exitCode() == 0;
    }

    /** {@code qemu-img check} on the file and, through its backing chain, everything it depends on. */
    static void assertHealthy(Path qcow2) {
        run("qemu-img", "check", "-q", "-f", "qcow2", qcow2.toString());
        run("qemu-img", "info", "-U", "--backing-chain", "-f", "qcow2", qcow2.toString());
    }

    /** Writes a byte pattern into a qcow2 volume with qemu-io. */
    static void writePattern(Path qcow2, int pattern, long offset, long length) {
        run("qemu-io", "-f", "qcow2", "-c",
                "write -P 0x%02x %d %d".formatted(pattern, offset, length), qcow2.toString());
    }

    /** Whether the range reads as the pattern, through the whole backing chain. */
    static boolean reads(Path qcow2, int pattern, long offset, long length) {
        Result result = exec("qemu-io", "-r", "-U", "-f", "qcow2", "-c",
                "read -P 0x%02x %d %d".formatted(pattern, offset, length), qcow2.toString());
        return result.exitCode() == 0 && !result.output().contains("verification failed");
    }

    static long allocatedBytes(Path file) {
        Result result = exec("du", "-B1", "--", file.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return Long.parseLong(result.output().split("\\s+")[0]);
    }

    /** Every regular file under the directory. */
    static List<Path> filesUnder(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(String... command) {
        Result result = exec(command);
        assertThat(result.exitCode()).as("%s: %s", String.join(" ", command), result.output()).isZero();
    }

    record Result(int exitCode, String output) {}

    static Result exec(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
