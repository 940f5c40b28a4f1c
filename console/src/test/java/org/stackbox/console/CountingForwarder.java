package org.stackbox.console;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Unix socket in front of a guest's console socket that counts who gets through: how many connections and how
 * many bytes reached the guest. It lets a test prove that a refused console never touched QEMU.
 */
final class CountingForwarder implements AutoCloseable {
    private final Path path;
    private final Path target;
    private final ServerSocketChannel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytesToGuest = new AtomicLong();

    CountingForwarder(Path path, Path target) throws IOException {
        this.path = path;
        this.target = target;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread acceptor = new Thread(this::accept, "forwarder-" + path.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path path() {
        return path;
    }

    int connections() {
        return connections.get();
    }

    long bytesToGuest() {
        return bytesToGuest.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                connections.incrementAndGet();
                SocketChannel guest = SocketChannel.open(UnixDomainSocketAddress.of(target));
                pipe(client, guest, bytesToGuest);
                pipe(guest, client, new AtomicLong());
            }
        } catch (IOException e) {
            // Closed.
        }
    }

    private static void pipe(SocketChannel from, SocketChannel to, AtomicLong counter) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer.clear()) >= 0) {
                    counter.addAndGet(buffer.flip().remaining());
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                }
            } catch (IOException e) {
                // One side closed.
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }, "pipe");
        thread.setDaemon(true);
        thread.start();
    }
}
