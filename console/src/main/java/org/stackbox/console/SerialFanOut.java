package org.stackbox.console;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import static java.util.Objects.requireNonNull;

/**
 * Serial consoles with several viewers. QEMU's socket character device serves one client at a time (a second
 * connection waits, unanswered, until the first closes), so the proxy holds one connection per server's serial port,
 * opened by the first viewer and closed after the last: what the guest writes goes to every viewer, what any viewer
 * types goes to the guest. Each viewer has at most one message in flight and the rest waiting in a buffer of its own;
 * a viewer that falls more than {@value #MAXIMUM_BEHIND_BYTES} bytes behind is closed, so that it holds up no one.
 */
final class SerialFanOut {
    static final int MAXIMUM_BEHIND_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SerialFanOut.class);
    private static final int READ_BYTES = 64 * 1024;

    private final Map<String, Port> ports = new HashMap<>();

    /** Adds a viewer to the server's serial port, connecting to {@code socket} if it is the first. */
    ConsoleConnection join(String serverId, Path socket, Session session) throws IOException {
        requireNonNull(serverId, "serverId is null");
        requireNonNull(socket, "socket is null");
        Viewer viewer = new Viewer(requireNonNull(session, "session is null"));
        synchronized (this) {
            Port port = ports.get(serverId);
            if (port == null) {
                port = Port.open(this, serverId, socket);
                ports.put(serverId, port);
                port.viewers.add(viewer);
                port.pump.start();
            } else {
                port.viewers.add(viewer);
            }
            viewer.port = port;
        }
        return viewer;
    }

    /** How many viewers watch the server's serial port now. */
    synchronized int viewers(String serverId) {
        Port port = ports.get(serverId);
        return port == null ? 0 : port.viewers.size();
    }

    private synchronized void leave(Port port, Viewer viewer) {
        if (port.viewers.remove(viewer) && port.viewers.isEmpty() && ports.remove(port.serverId, port)) {
            port.closeChannel();
        }
    }

    /** The guest's side closed (the server stopped): every viewer is told, and the next one connects afresh. */
    private void ended(Port port, int code, String reason) {
        List<Viewer> viewers;
        synchronized (this) {
            ports.remove(port.serverId, port);
            viewers = List.copyOf(port.viewers);
            port.viewers.clear();
        }
        port.closeChannel();
        viewers.forEach(viewer -> viewer.session.close(code, reason, Callback.NOOP));
    }

    /** One connection to a server's serial port and the thread that copies what it says to the viewers. */
    private static final class Port {
        final SerialFanOut owner;
        final String serverId;
        final SocketChannel channel;
        final Set<Viewer> viewers = new CopyOnWriteArraySet<>();
        final Thread pump;

        private Port(SerialFanOut owner, String serverId, SocketChannel channel) {
            this.owner = owner;
            this.serverId = serverId;
            this.channel = channel;
            this.pump = new Thread(this::pumpToViewers, "console-serial-" + serverId);
            this.pump.setDaemon(true);
        }

        static Port open(SerialFanOut owner, String serverId, Path socket) throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new Port(owner, serverId, channel);
        }

        void toGuest(ByteBuffer data) throws IOException {
            synchronized (channel) {
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            }
        }

        void closeChannel() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing the serial console socket of server {} failed", serverId, e);
            }
        }

        private void pumpToViewers() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BYTES);
            try {
                while (channel.read(buffer.clear()) >= 0) {
                    byte[] bytes = new byte[buffer.flip().remaining()];
                    buffer.get(bytes);
                    for (Viewer viewer : viewers) {
                        viewer.deliver(bytes);
                    }
                }
                owner.ended(this, StatusCode.NORMAL, "The console closed: the server stopped.");
            } catch (ClosedChannelException e) {
                // The last viewer left and closed the connection.
            } catch (IOException e) {
                LOG.debug("Serial console of server {} ended", serverId, e);
                owner.ended(this, StatusCode.SERVER_ERROR, "The console connection failed.");
            }
        }
    }

    /** One viewer's websocket: at most one message in flight, what the guest says meanwhile waits in its buffer. */
    private final class Viewer implements ConsoleConnection {
        final Session session;
        volatile Port port;
        private final ByteArrayOutputStream waiting = new ByteArrayOutputStream();
        private boolean sending;
        private boolean closed;

        Viewer(Session session) {
            this.session = session;
        }

        @Override
        public void toConsole(ByteBuffer data) throws IOException {
            port.toGuest(data);
        }

        /** Sends {@code bytes} (shared among the viewers, never changed) now, or after what is in flight. */
        void deliver(byte[] bytes) {
            boolean tooFarBehind;
            synchronized (this) {
                if (closed) {
                    return;
                }
                tooFarBehind = sending && waiting.size() + bytes.length > MAXIMUM_BEHIND_BYTES;
                if (sending && !tooFarBehind) {
                    waiting.write(bytes, 0, bytes.length);
                    return;
                }
                sending = true;
            }
            if (tooFarBehind) {
                session.close(StatusCode.TRY_AGAIN_LATER, "The viewer could not keep up with the console.",
                        Callback.NOOP);
                close();
                return;
            }
            send(bytes);
        }

        private void send(byte[] bytes) {
            session.sendBinary(ByteBuffer.wrap(bytes), Callback.from(this::sent, failure -> close()));
        }

        private void sent() {
            byte[] next;
            synchronized (this) {
                if (closed || waiting.size() == 0) {
                    sending = false;
                    return;
                }
                next = waiting.toByteArray();
                waiting.reset();
            }
            send(next);
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                waiting.reset();
            }
            leave(port, this);
        }
    }
}
