package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One QMP connection over QEMU's Unix socket: greeting and capabilities negotiation on connect, then commands one at
 * a time, each waiting no longer than its own timeout. Events that arrive meanwhile are queued for
 * {@link #awaitEvent}. Not thread-safe: one operation holds one client.
 */
public final class QmpClient implements AutoCloseable {
    private final UnixChannel channel;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private final Deque<JsonNode> unread = new ArrayDeque<>();
    private final Deque<QmpEvent> events = new ArrayDeque<>();
    private long nextId;

    private QmpClient(UnixChannel channel) {
        this.channel = channel;
    }

    /** Connects, reads the greeting and enters command mode, all within {@code timeout}. */
    public static QmpClient connect(Path socket, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        UnixChannel channel;
        try {
            channel = UnixChannel.connect(socket, deadline);
        } catch (InterruptedByTimeoutException e) {
            throw QmpException.timeout("connecting to " + socket);
        } catch (IOException e) {
            throw QmpException.connection("Cannot connect to QMP at " + socket + ": " + e.getMessage(), e);
        }
        try {
            QmpClient client = new QmpClient(channel);
            JsonNode greeting = client.readMessage(deadline, "the QMP greeting");
            if (!greeting.has("QMP")) {
                client.close();
                throw QmpException.connection("Not a QMP greeting: " + greeting, null);
            }
            client.execute(QmpCommand.capabilities());
            return client;
        } catch (RuntimeException e) {
            channel.close();
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
        channel.close();
    }

    private void write(byte[] bytes, long deadline, String what) {
        try {
            channel.writeLine(bytes, deadline);
        } catch (InterruptedByTimeoutException e) {
            throw QmpException.timeout(what);
        } catch (IOException e) {
            throw QmpException.connection("QMP connection lost while sending " + what, e);
        }
    }

    private JsonNode readMessage(long deadline, String what) {
        while (unread.isEmpty()) {
            waitFor(deadline, what);
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

    private void waitFor(long deadline, String what) {
        try {
            channel.await(deadline);
        } catch (InterruptedByTimeoutException e) {
            throw QmpException.timeout(what);
        } catch (IOException e) {
            throw QmpException.connection("QMP connection lost while waiting for " + what, e);
        }
    }
}
