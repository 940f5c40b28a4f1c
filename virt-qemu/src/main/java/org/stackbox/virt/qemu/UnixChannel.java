package org.stackbox.virt.qemu;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A non-blocking connection to one of QEMU's Unix sockets (QMP, the guest agent), each wait bounded by a deadline
 * ({@link System#nanoTime()}): a wait past it fails with {@link InterruptedByTimeoutException}, which the protocol
 * clients tell from a lost connection (any other {@link IOException}).
 */
final class UnixChannel implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;

    private UnixChannel(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Connects by {@code deadline}; the connection is then waited on for reading. */
    static UnixChannel connect(Path socket, long deadline) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            UnixChannel connection = new UnixChannel(channel, selector);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    connection.await(deadline);
                }
            }
            channel.register(selector, SelectionKey.OP_READ);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, selector);
            throw e;
        }
    }

    /** Waits until the connection is ready for what it waits for (reading, unless it is writing) or the deadline. */
    void await(long deadline) throws IOException {
        long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (remainingMillis <= 0) {
            throw new InterruptedByTimeoutException();
        }
        selector.select(remainingMillis);
        selector.selectedKeys().clear();
    }

    /** Writes {@code bytes} and a newline, all of it by {@code deadline}. */
    void writeLine(byte[] bytes, long deadline) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n').flip();
        SelectionKey key = channel.keyFor(selector);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                await(deadline);
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /** What has arrived, without waiting: the bytes read (0 if none), or -1 once the other end closed. */
    int read(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
    }

    @Override
    public void close() {
        closeQuietly(channel, selector);
    }

    private static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that is already broken has nothing left to report.
        }
    }
}
