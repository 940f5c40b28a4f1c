package org.stackbox.console;

import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainStatus;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Flavor;
import org.stackbox.virt.ImageDiskFormat;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.LayoutRequest;
import org.stackbox.virt.NetworkBoot;
import org.stackbox.virt.qemu.Accelerator;
import org.stackbox.virt.qemu.MarkerBootSector;
import org.stackbox.virt.qemu.QemuHypervisor;
import org.stackbox.virt.qemu.QemuTimeouts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Real QEMU guests (TCG) booting {@link MarkerBootSector#echoingKeys}, run by the QEMU driver in a test directory. */
final class Guests implements AutoCloseable {
    static final String MARKER = "STACKBOX-CONSOLE-GUEST";
    static final Duration BOOT = Duration.ofSeconds(30);
    private static final String IMAGE = "5d0c3c4e-93c8-4d1e-9f6e-3b6b0f0f7a11";

    private final Path directory;
    final QemuHypervisor hypervisor;

    Guests(Path directory) {
        this.directory = directory;
        this.hypervisor = new QemuHypervisor(directory.resolve("run"), Path.of("/usr/bin/qemu-system-x86_64"),
                Accelerator.TCG, QemuTimeouts.defaults());
    }

    /** Boots a guest and waits for its marker on the serial port. */
    void boot(String serverId) throws Exception {
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.echoingKeys(MARKER), 0, disk, 0, 512);
        Path file = Files.write(directory.resolve(serverId + ".raw"), disk);
        hypervisor.spawn(BlockDeviceLayout.layout(new LayoutRequest(serverId, new Flavor(1, 32),
                        Optional.of(ImageMeta.of(IMAGE, ImageDiskFormat.RAW)), List.of(), false, List.of(),
                        NetworkBoot.NEVER)),
                DiskFiles.of(Map.of(new DiskSource.RootDisk(serverId), new DiskFile(file, FileFormat.RAW))));
        awaitSerial(serverId, MARKER);
    }

    /** Waits until the guest's serial log holds {@code text}. */
    void awaitSerial(String serverId, String text) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!serialLog(serverId).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No '" + text + "' on the serial port of " + serverId + " within " + BOOT
                        + "; it holds: " + serialLog(serverId));
            }
            Thread.sleep(20);
        }
    }

    String serialLog(String serverId) throws IOException {
        Path log = hypervisor.consoles(serverId).serialLog();
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    @Override
    public void close() {
        for (DomainStatus status : hypervisor.reconcile()) {
            hypervisor.destroy(status.serverId());
        }
    }
}
