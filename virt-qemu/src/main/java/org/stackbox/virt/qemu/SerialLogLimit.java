package org.stackbox.virt.qemu;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Keeps every domain's serial log under a size, so that a chatty guest cannot fill the host's disk: when a log has
 * grown past the maximum, only its newest half is kept (cut at a line start). QEMU writes the log with
 * {@code O_APPEND} ({@code logappend=on}), so after the file is cut its next write lands at the new end. A serial port
 * at 115200 baud writes at most about 11 KiB a second, so checking every few seconds keeps the bound tight.
 */
public final class SerialLogLimit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLogLimit.class);
    public static final long DEFAULT_MAXIMUM_BYTES = 2L << 20;

    private final Path root;
    private final long maximumBytes;
    private final ScheduledExecutorService timer;

    private SerialLogLimit(Path root, long maximumBytes, Duration interval) {
        this.root = requireNonNull(root, "root is null");
        if (maximumBytes < 2) {
            throw new IllegalArgumentException("maximumBytes must be at least 2: " + maximumBytes);
        }
        this.maximumBytes = maximumBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "serial-log-limit");
            thread.setDaemon(true);
            return thread;
        });
        long period = interval.toMillis();
        timer.scheduleWithFixedDelay(this::trimAll, period, period, TimeUnit.MILLISECONDS);
    }

    /** Checks the serial logs of the domains under {@code root} (the hypervisor's run directories) every interval. */
    public static SerialLogLimit start(Path root, long maximumBytes, Duration interval) {
        return new SerialLogLimit(root, maximumBytes, interval);
    }

    void trimAll() {
        try (DirectoryStream<Path> domains = Files.newDirectoryStream(root)) {
            for (Path domain : domains) {
                trim(RunDirectory.of(root, domain.getFileName().toString()).serialLog(), maximumBytes);
            }
        } catch (NoSuchFileException e) {
            // no domain has run yet
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot check the serial logs under {}: {}", root, e.toString());
        }
    }

    /** Cuts {@code log} to its newest half when it is larger than {@code maximumBytes}; true if it was cut. */
    static boolean trim(Path log, long maximumBytes) throws IOException {
        if (!Files.isRegularFile(log)) {
            return false;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            long length = file.length();
            if (length <= maximumBytes) {
                return false;
            }
            byte[] kept = new byte[(int) Math.min(Integer.MAX_VALUE - 8, maximumBytes / 2)];
            file.seek(length - kept.length);
            file.readFully(kept);
            int start = 0;
            while (start < kept.length - 1 && kept[start] != '\n') {
                start++;
            }
            start = kept[start] == '\n' ? start + 1 : 0;
            file.setLength(0);
            file.write(kept, start, kept.length - start);
            return true;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
