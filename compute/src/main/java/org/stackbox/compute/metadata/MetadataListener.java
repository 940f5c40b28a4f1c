package org.stackbox.compute.metadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The metadata service for one guest: HTTP on the Unix socket that the guest's connections to
 * {@code 169.254.169.254:80} are forwarded to. Whoever connects here is that guest, so every answer is its own
 * server's. A guest gets a few connections at a time, each closed after a deadline.
 */
final class MetadataListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataListener.class);
    static final int MAX_CONNECTIONS = 8;
    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int LARGE_ANSWER_BYTES = 1 << 20;
    /** 128 KiB/s: what a guest under software emulation takes in, with room to spare. */
    private static final long SLOW_GUEST_BYTES_PER_MILLISECOND = 128;
    private static final long MAX_DRAINED_BYTES = 1 << 16;

    private final String serverId;
    private final Path socket;
    private final ServerSocketChannel channel;
    private final Function<String, Optional<InstanceMetadata.Answer>> lookup;
    private final ExecutorService connections;
    private final ScheduledExecutorService timer;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);

    private MetadataListener(String serverId, Path socket, ServerSocketChannel channel,
                             Function<String, Optional<InstanceMetadata.Answer>> lookup,
                             ExecutorService connections, ScheduledExecutorService timer) {
        this.serverId = serverId;
        this.socket = socket;
        this.channel = channel;
        this.lookup = lookup;
        this.connections = connections;
        this.timer = timer;
    }

    /**
     * Listens on {@code socket} (replacing a stale socket file left there) and serves each connection with
     * {@code lookup}, on {@code connections}; the accepting thread is a daemon of its own.
     */
    static MetadataListener open(String serverId, Path socket,
                                 Function<String, Optional<InstanceMetadata.Answer>> lookup,
                                 ExecutorService connections, ScheduledExecutorService timer) {
        requireNonNull(serverId, "serverId is null");
        requireNonNull(socket, "socket is null");
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(socket));
                // Only Stackbox's own user (which QEMU runs as) may connect: the data is the guest's.
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            MetadataListener listener = new MetadataListener(serverId, socket, channel, lookup, connections, timer);
            Thread acceptor = new Thread(listener::acceptLoop, "metadata-" + serverId);
            acceptor.setDaemon(true);
            acceptor.start();
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + socket, e);
        }
    }

    private void acceptLoop() {
        while (channel.isOpen()) {
            SocketChannel connection;
            try {
                connection = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("Metadata socket of server {} failed: {}", serverId, e.toString());
                return;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(connection);
                continue;
            }
            try {
                connections.execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                slots.release();
                closeQuietly(connection);
            }
        }
    }

    private void serve(SocketChannel connection) {
        AtomicReference<ScheduledFuture<?>> deadline =
                new AtomicReference<>(timer.schedule(() -> closeQuietly(connection),
                        DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        try {
            InputStream in = Channels.newInputStream(connection);
            // A large answer (a kernel a guest boots over the network) gets the time it needs at a slow guest's pace.
            MetadataHttp.exchange(in, Channels.newOutputStream(connection), lookup, length -> {
                if (length > LARGE_ANSWER_BYTES && deadline.get().cancel(false)) {
                    deadline.set(timer.schedule(() -> closeQuietly(connection),
                            DEADLINE.toMillis() + length / SLOW_GUEST_BYTES_PER_MILLISECOND, TimeUnit.MILLISECONDS));
                }
            });
            // Closing with unread request bytes would reset the connection before the guest reads the answer: say
            // the answer is complete, then read what the guest still sends until it closes (or the deadline).
            connection.shutdownOutput();
            byte[] discard = new byte[4096];
            long drained = 0;
            for (int read = in.read(discard); read >= 0 && drained < MAX_DRAINED_BYTES; read = in.read(discard)) {
                drained += read;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Metadata request of server {} failed: {}", serverId, e.toString());
        } finally {
            deadline.get().cancel(false);
            closeQuietly(connection);
            slots.release();
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        closeQuietly(channel);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", socket, e.toString());
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all that is left to do with it.
        }
    }
}
