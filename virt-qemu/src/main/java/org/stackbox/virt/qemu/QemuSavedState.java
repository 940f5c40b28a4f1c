package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.virt.HypervisorException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.stackbox.virt.HypervisorException.Error.COMMAND_FAILED;
import static org.stackbox.virt.HypervisorException.Error.TIMEOUT;

/**
 * The QMP steps of a managed save: the guest's whole state written to a file by a migration, and read back into a
 * new QEMU by an incoming one. QEMU 7.2 has no {@code file:} migration, and an {@code exec:cat} helper is killed by
 * QEMU as soon as the stream ends, possibly before it wrote its last bytes; so the stream goes over a Unix socket in
 * the run directory and Stackbox itself copies it to or from the file, knowing when the last byte is on disk.
 * <p>The guest is stopped before its state is sent, so the file holds one instant of it (the migration is not live)
 * and, since QEMU carries the stopped run state across, the receiving QEMU waits paused until it is continued.
 */
final class QemuSavedState {
    /** No bandwidth limit that matters for a local file (QEMU's default is a network's 128 MiB/s). */
    private static final long UNLIMITED_BANDWIDTH = 1L << 40;
    private static final Duration POLL = Duration.ofMillis(20);

    private QemuSavedState() {}

    /**
     * Stops the guest and writes its state to {@code file} (created anew, forced to disk) through {@code socket}.
     * On failure the guest runs on, the migration is cancelled and {@code file} is removed.
     */
    static void save(QmpClient qmp, Path socket, Path file, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean saved = false;
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.deleteIfExists(socket);
            listener.bind(UnixDomainSocketAddress.of(socket));
            FutureTask<Long> copy = new FutureTask<>(() -> receive(listener, file));
            start(copy, "save-" + socket.getParent().getFileName());
            qmp.execute(QmpCommand.stop());
            try {
                qmp.execute(QmpCommand.migrateMaxBandwidth(UNLIMITED_BANDWIDTH));
                qmp.execute(QmpCommand.migrate("unix:" + socket));
                awaitMigration(qmp, deadline, "saving the guest's state");
                await(copy, deadline, listener);
                saved = true;
            } finally {
                if (!saved) {
                    copy.cancel(true);
                    quietly(() -> qmp.execute(QmpCommand.migrateCancel()));
                    quietly(() -> qmp.execute(QmpCommand.cont()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the guest's state to " + file, e);
        } finally {
            quietly(() -> Files.deleteIfExists(socket));
            if (!saved) {
                quietly(() -> Files.deleteIfExists(file));
            }
        }
    }

    /**
     * On a QEMU started with {@code -incoming defer}: sends it the state in {@code file} through {@code socket}, waits
     * until it has loaded it, and lets the guest go on.
     */
    static void restore(QmpClient qmp, Path socket, Path file, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Files.deleteIfExists(socket);
            qmp.execute(QmpCommand.migrateIncoming("unix:" + socket));
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                FutureTask<Long> copy = new FutureTask<>(() -> send(file, channel));
                start(copy, "restore-" + socket.getParent().getFileName());
                await(copy, deadline, channel);
                awaitMigration(qmp, deadline, "loading the guest's state");
            }
            qmp.execute(QmpCommand.cont());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore the guest's state from " + file, e);
        } finally {
            quietly(() -> Files.deleteIfExists(socket));
        }
    }

    private static long receive(ServerSocketChannel listener, Path file) throws IOException {
        try (SocketChannel stream = listener.accept();
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long written = 0;
            while (stream.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
                buffer.clear();
            }
            out.force(true);
            return written;
        }
    }

    private static long send(Path file, SocketChannel channel) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long sent = 0;
            while (sent < size) {
                sent += in.transferTo(sent, size - sent, channel);
            }
            channel.shutdownOutput();
            return sent;
        }
    }

    /** Polls {@code query-migrate} until the migration completed; throws if it failed, was cancelled or took too long. */
    private static void awaitMigration(QmpClient qmp, long deadline, String what) {
        while (true) {
            JsonNode info = qmp.execute(QmpCommand.queryMigrate());
            String status = info.path("status").asText("none");
            switch (status) {
                case "completed" -> {
                    return;
                }
                case "failed", "cancelled" -> throw new HypervisorException(COMMAND_FAILED,
                        "QEMU's migration " + status + " while " + what + ": " + info.path("error-desc").asText(""));
                default -> {
                    if (System.nanoTime() > deadline) {
                        throw new HypervisorException(TIMEOUT, "QEMU took too long " + what + " (" + status + ")");
                    }
                    sleep();
                }
            }
        }
    }

    /** Waits for a copy until the deadline; closing {@code channel} ends a copy that is stuck on it. */
    private static <T> T await(FutureTask<T> copy, long deadline, Channel channel) {
        try {
            return copy.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            quietly(channel::close);
            throw new HypervisorException(TIMEOUT, "The guest's state was not copied in time", e);
        } catch (ExecutionException e) {
            throw new HypervisorException(COMMAND_FAILED, "Copying the guest's state failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quietly(channel::close);
            throw new HypervisorException(TIMEOUT, "Interrupted while copying the guest's state", e);
        }
    }

    private static void start(FutureTask<?> copy, String name) {
        Thread thread = new Thread(copy, "qemu-state-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(TIMEOUT, "Interrupted while waiting for QEMU's migration", e);
        }
    }

    /** Cleans up after a failure without hiding it. */
    private static void quietly(ThrowingAction action) {
        try {
            action.run();
        } catch (Exception ignored) {
            // The failure being reported matters more than this one.
        }
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Exception;
    }
}
