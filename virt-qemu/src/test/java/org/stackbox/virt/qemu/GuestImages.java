package org.stackbox.virt.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test guests built on the spot: raw disks whose boot sector prints a marker, qcow2 overlays on them (as the local
 * image cache makes root disks), El Torito ISOs booting the same sector, and a config drive labelled
 * {@code config-2}. Every tool runs with a timeout.
 */
final class GuestImages {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;

    GuestImages(Path directory) {
        this.directory = directory;
    }

    /** A 1 MiB raw disk that prints {@code marker} on the serial port when booted. */
    Path markerDisk(String name, String marker, boolean powerOffAfterwards) throws IOException {
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.printing(marker, powerOffAfterwards), 0, disk, 0, 512);
        return Files.write(directory.resolve(name), disk);
    }

    /** A 1 MiB raw disk that prints {@code marker} when booted, then echoes each key typed to the serial port. */
    Path echoingDisk(String name, String marker) throws IOException {
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.echoingKeys(marker), 0, disk, 0, 512);
        return Files.write(directory.resolve(name), disk);
    }

    /** A qcow2 overlay on {@code base}, with the base's format written into it so that nothing is probed. */
    Path qcow2Overlay(String name, Path base, String baseFormat) throws IOException {
        Path overlay = directory.resolve(name);
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", baseFormat, "-b", base.toString(), overlay.toString());
        return overlay;
    }

    Path blankQcow2(String name, String size) throws IOException {
        Path disk = directory.resolve(name);
        run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), size);
        return disk;
    }

    /** An ISO 9660 image with an El Torito no-emulation boot record that prints {@code marker}. */
    Path bootableIso(String name, String marker) throws IOException {
        Path tree = Files.createDirectories(directory.resolve(name + ".tree"));
        byte[] bootImage = new byte[2048];
        System.arraycopy(MarkerBootSector.printing(marker, false), 0, bootImage, 0, 512);
        Files.write(tree.resolve("boot.img"), bootImage);
        Files.writeString(tree.resolve("README"), "Stackbox test medium\n", StandardCharsets.US_ASCII);
        Path iso = directory.resolve(name);
        run("xorriso", "-as", "mkisofs", "-quiet", "-V", "STACKBOX-TEST", "-b", "boot.img", "-no-emul-boot",
                "-boot-load-size", "4", "-o", iso.toString(), tree.toString());
        return iso;
    }

    /** An empty config drive, as Nova labels it. */
    Path configDrive(String name) throws IOException {
        Path tree = Files.createDirectories(directory.resolve(name + ".tree"));
        Path iso = directory.resolve(name);
        run("xorriso", "-as", "mkisofs", "-quiet", "-V", "config-2", "-J", "-R", "-o", iso.toString(),
                tree.toString());
        return iso;
    }

    private static void run(String... command) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("Timed out: " + arguments);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + arguments, e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(arguments + " failed with status " + process.exitValue() + ": " + output);
        }
    }
}
