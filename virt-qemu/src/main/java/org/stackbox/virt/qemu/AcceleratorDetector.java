package org.stackbox.virt.qemu;

import org.stackbox.common.process.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Chooses KVM or TCG. Under {@link AcceleratorPolicy#AUTO}, KVM must pass the host checks of
 * {@link HostVirtualization} and then a real probe: a tiny QEMU boots {@link MarkerBootSector} under KVM and must print
 * its marker and power off within the timeout. Anything else means TCG.
 */
public final class AcceleratorDetector {
    private static final String PROBE_MARKER = "STACKBOX-ACCELERATOR-PROBE";
    /** SeaBIOS does not boot a virtio disk much smaller than this; the file stays sparse. */
    private static final long PROBE_DISK_BYTES = 1024 * 1024;

    private final Path qemuBinary;
    private final Duration probeTimeout;

    public AcceleratorDetector(Path qemuBinary, Duration probeTimeout) {
        this.qemuBinary = requireNonNull(qemuBinary, "qemuBinary is null");
        this.probeTimeout = requireNonNull(probeTimeout, "probeTimeout is null");
    }

    public AcceleratorChoice choose(AcceleratorPolicy policy, HostVirtualization host) {
        return switch (policy) {
            case KVM -> new AcceleratorChoice(Accelerator.KVM, "KVM forced by the operator");
            case TCG -> new AcceleratorChoice(Accelerator.TCG, "TCG forced by the operator");
            case AUTO -> host.reasonAgainstKvm()
                    .map(reason -> new AcceleratorChoice(Accelerator.TCG, "TCG: " + reason))
                    .orElseGet(() -> probe(Accelerator.KVM)
                            ? new AcceleratorChoice(Accelerator.KVM, "KVM: the probe guest ran")
                            : new AcceleratorChoice(Accelerator.TCG, "TCG: the KVM probe guest did not run"));
        };
    }

    /** Whether a guest really runs under {@code accelerator}: it prints its marker and powers off in time. */
    public boolean probe(Accelerator accelerator) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("stackbox-accelerator-probe");
            Path disk = directory.resolve("probe.img");
            Files.write(disk, MarkerBootSector.printing(PROBE_MARKER, true));
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
                file.setLength(PROBE_DISK_BYTES);
            }
            Path serialLog = directory.resolve("serial.log");
            Process process = ChildProcesses.dyingWithStackbox(List.of(qemuBinary.toString(),
                    "-nodefaults", "-no-user-config", "-machine", "pc", "-accel", accelerator.qemuName(),
                    "-display", "none", "-m", "32", "-serial", "file:" + serialLog,
                    "-drive", "file=" + disk + ",format=raw,if=virtio,readonly=on"))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("qemu.log").toFile())
                    .start();
            boolean exited = process.waitFor(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return false;
            }
            return process.exitValue() == 0 && Files.exists(serialLog)
                    && Files.readString(serialLog, StandardCharsets.US_ASCII).contains(PROBE_MARKER);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
