package org.stackbox.console;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import static java.util.Objects.requireNonNull;

/**
 * One viewer's pipe between its websocket and a console's Unix socket. Bytes from the guest go out as binary
 * messages through two buffers: one is being sent while the next read fills the other, and a read's bytes are sent
 * only once the previous send is done, so at most two buffers are in flight (a slow viewer slows only its own relay,
 * and whatever the guest said meanwhile goes out in one larger message). Bytes from the viewer are written to the
 * socket as they come.
 */
final class ConsoleRelay implements ConsoleConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRelay.class);
    private static final int BUFFER_BYTES = 256 * 1024;

    private final SocketChannel channel;
    private final Session session;
    private final Thread pump;

    private ConsoleRelay(SocketChannel channel, Session session, String name) {
        this.channel = channel;
        this.session = session;
        this.pump = new Thread(this::pumpToViewer, name);
        this.pump.setDaemon(true);
    }

    /** Connects to {@code socket} and starts relaying what it says to {@code session}. */
    static ConsoleRelay open(Path socket, Session session, String name) throws IOException {
        requireNonNull(socket, "socket is null");
        requireNonNull(session, "session is null");
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        ConsoleRelay relay = new ConsoleRelay(channel, session, name);
        relay.pump.start();
        return relay;
    }

    @Override
    public void toConsole(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a console socket failed", e);
        }
    }

    private void pumpToViewer() {
        ByteBuffer[] buffers = {ByteBuffer.allocateDirect(BUFFER_BYTES), ByteBuffer.allocateDirect(BUFFER_BYTES)};
        Callback.Completable sending = null;
        try {
            for (int next = 0; channel.read(buffers[next].clear()) >= 0; next = 1 - next) {
                if (sending != null) {
                    sending.get();
                }
                sending = new Callback.Completable();
                session.sendBinary(buffers[next].flip(), sending);
            }
            if (sending != null) {
                sending.get();
            }
            session.close(StatusCode.NORMAL, "The console closed: the server stopped.", Callback.NOOP);
        } catch (ClosedChannelException e) {
            // The viewer went away and close() ended the read.
        } catch (IOException | ExecutionException e) {
            LOG.debug("Console relay {} ended", Thread.currentThread().getName(), e);
            session.close(StatusCode.SERVER_ERROR, "The console connection failed.", Callback.NOOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }
}
