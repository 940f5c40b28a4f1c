package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One QMP connection over QEMU's Unix socket: greeting and capabilities negotiation on connect, then commands one at
 * a time, each waiting no longer than its own timeout. Events that arrive meanwhile are queued for
 * {@link #awaitEvent}. Not thread-safe: one operation holds one client.
 */
public final class QmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private final Deque<JsonNode> unread = new ArrayDeque<>();
    private final Deque<QmpEvent> events = new ArrayDeque<>();
    private long nextId;

    private QmpClient(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Connects, reads the greeting and enters command mode, all within {@code timeout}. */
    public static QmpClient connect(Path socket, Duration timeout) {
        SocketChannel channel = null;
        Selector selector = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
            selector = Selector.open();
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    waitFor(selector, deadline, "connecting to " + socket);
                }
            }
            channel.register(selector, SelectionKey.OP_READ);
            QmpClient client = new QmpClient(channel, selector);
            JsonNode greeting = client.readMessage(deadline, "the QMP greeting");
            if (!greeting.has("QMP")) {
                client.close();
                throw QmpException.connection("Not a QMP greeting: " + greeting, null);
            }
            client.execute(QmpCommand.capabilities());
            return client;
        } catch (IOException e) {
            closeQuietly(channel, selector);
            throw QmpException.connection("Cannot connect to QMP at " + socket + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel, selector);
            throw e;
        }
    }

    /**
     * Runs the command and returns its {@code return} value.
     *
     * @throws QmpException a command error with QEMU's class and description, a timeout, or a lost connection
     */
    public JsonNode execute(QmpCommand command) {
        String id = "stackbox-" + nextId++;
        ObjectNode request = Json.object().put("execute", command.name());
        if (!command.arguments().isEmpty()) {
            request.set("arguments", command.arguments());
        }
        request.put("id", id);
        long deadline = System.nanoTime() + command.timeout().toNanos();
        write(Json.writeBytes(request), deadline, command.name());
        while (true) {
            JsonNode message = readMessage(deadline, command.name());
            if (message.has("event")) {
                events.add(new QmpEvent(message.get("event").asText(), message.path("data")));
            } else if (id.equals(message.path("id").asText())) {
                if (message.has("error")) {
                    JsonNode error = message.get("error");
                    throw QmpException.commandError(command.name(), error.path("class").asText(),
                            error.path("desc").asText());
                }
                return message.path("return");
            }
        }
    }

    /** The first event (queued or arriving within {@code timeout}) that matches; the ones before it are dropped. */
    public Optional<QmpEvent> awaitEvent(Predicate<QmpEvent> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (!events.isEmpty()) {
                QmpEvent event = events.poll();
                if (wanted.test(event)) {
                    return Optional.of(event);
                }
            }
            JsonNode message;
            try {
                message = readMessage(deadline, "an event");
            } catch (QmpException e) {
                if (e.kind() == QmpException.Kind.TIMEOUT) {
                    return Optional.empty();
                }
                throw e;
            }
            if (message.has("event")) {
                events.add(new QmpEvent(message.get("event").asText(), message.path("data")));
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel, selector);
    }

    private void write(byte[] bytes, long deadline, String what) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n').flip();
        SelectionKey key = channel.keyFor(selector);
        try {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    key.interestOps(SelectionKey.OP_WRITE);
                    waitFor(selector, deadline, what);
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        } catch (IOException e) {
            throw QmpException.connection("QMP connection lost while sending " + what, e);
        }
    }

    private JsonNode readMessage(long deadline, String what) {
        while (unread.isEmpty()) {
            waitFor(selector, deadline, what);
            readAvailable(what);
        }
        return unread.poll();
    }

    private void readAvailable(String what) {
        try {
            int count;
            while ((count = channel.read(readBuffer.clear())) > 0) {
                readBuffer.flip();
                while (readBuffer.hasRemaining()) {
                    byte next = readBuffer.get();
                    if (next == '\n') {
                        completeLine();
                    } else {
                        partialLine.write(next);
                    }
                }
            }
            if (count < 0) {
                throw QmpException.connection("QEMU closed the QMP connection while waiting for " + what, null);
            }
        } catch (IOException e) {
            throw QmpException.connection("QMP connection lost while waiting for " + what, e);
        }
    }

    private void completeLine() throws IOException {
        String line = partialLine.toString(StandardCharsets.UTF_8).trim();
        partialLine.reset();
        if (!line.isEmpty()) {
            unread.add(Json.MAPPER.readTree(line));
        }
    }

    private static void waitFor(Selector selector, long deadline, String what) {
        long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (remainingMillis <= 0) {
            throw QmpException.timeout(what);
        }
        try {
            selector.select(remainingMillis);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                keys.next();
                keys.remove();
            }
        } catch (IOException e) {
            throw QmpException.connection("QMP connection lost while waiting for " + what, e);
        }
    }

    private static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Closing a socket that is already broken has nothing left to report.
        }
    }
}
