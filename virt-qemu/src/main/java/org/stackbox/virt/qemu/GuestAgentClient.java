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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Speaks the QEMU guest agent's protocol (one JSON object a line, {@code {"execute": ..., "arguments": ...}} answered
 * by {@code {"return": ...}} or {@code {"error": ...}}) over the domain's agent socket, one connection per call.
 * <p>The channel keeps no sessions: a line the guest wrote for an earlier client (which gave up waiting) may still
 * arrive, or half of one. So each call begins with {@code guest-sync} and a random id, and everything the agent sends
 * before the answer that carries that id is discarded, as the agent's documentation asks of clients.
 * The whole call, connection included, takes no longer than its timeout.
 */
public final class GuestAgentClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path socket;
    private final Duration timeout;
    private final LongSupplier syncIds;

    public GuestAgentClient(Path socket, Duration timeout) {
        // The agent keeps the id as a signed 64-bit integer; positive 31-bit ids read the same everywhere.
        this(socket, timeout, () -> 1 + RANDOM.nextInt(Integer.MAX_VALUE - 1));
    }

    GuestAgentClient(Path socket, Duration timeout, LongSupplier syncIds) {
        this.socket = requireNonNull(socket, "socket is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.syncIds = requireNonNull(syncIds, "syncIds is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /**
     * {@code guest-set-user-password} with the password in clear ({@code crypted: false}), base64-encoded as the
     * protocol wants it.
     *
     * @throws GuestAgentException {@code UNRESPONSIVE} if no agent answered in time (or the socket is gone),
     *     {@code REFUSED} if the agent answered with an error
     */
    public void setUserPassword(String user, String password) {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        ObjectNode arguments = Json.object()
                .put("username", user)
                .put("password", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                .put("crypted", false);
        try (Connection connection = Connection.open(socket, System.nanoTime() + timeout.toNanos())) {
            long id = syncIds.getAsLong();
            connection.send(command("guest-sync", Json.object().put("id", id)));
            while (!isSyncAnswer(connection.receive("guest-sync"), id)) {
                // A late answer to someone else's command, or noise: the channel is in step once our id comes back.
            }
            connection.send(command("guest-set-user-password", arguments));
            JsonNode answer = connection.receive("guest-set-user-password");
            if (answer.has("error")) {
                throw GuestAgentException.refused("guest-set-user-password: "
                        + answer.get("error").path("desc").asText());
            }
        }
    }

    private static ObjectNode command(String name, ObjectNode arguments) {
        ObjectNode command = Json.object().put("execute", name);
        command.set("arguments", arguments);
        return command;
    }

    private static boolean isSyncAnswer(JsonNode message, long id) {
        JsonNode value = message.get("return");
        return value != null && value.canConvertToLong() && value.asLong() == id;
    }

    /** One connection to the agent socket, every wait bounded by the call's deadline. */
    private static final class Connection implements AutoCloseable {
        private final UnixChannel channel;
        private final long deadline;
        private final ByteBuffer readBuffer = ByteBuffer.allocate(8 * 1024).limit(0);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        private Connection(UnixChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }

        static Connection open(Path socket, long deadline) {
            try {
                return new Connection(UnixChannel.connect(socket, deadline), deadline);
            } catch (IOException e) {
                throw GuestAgentException.unresponsive("Cannot connect to the guest agent at " + socket + ": "
                        + describe(e), e);
            }
        }

        void send(ObjectNode message) {
            try {
                channel.writeLine(Json.writeBytes(message), deadline);
            } catch (IOException e) {
                throw failure("sending " + message.path("execute").asText(), e);
            }
        }

        /** The next line that is a JSON object; other lines (a half line left over, noise) are skipped. */
        JsonNode receive(String what) {
            while (true) {
                Optional<JsonNode> message = nextLine(what).flatMap(Connection::parse);
                if (message.isPresent()) {
                    return message.get();
                }
            }
        }

        private Optional<String> nextLine(String what) {
            while (true) {
                while (readBuffer.hasRemaining()) {
                    byte next = readBuffer.get();
                    if (next == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8).strip();
                        line.reset();
                        return Optional.of(text);
                    }
                    line.write(next);
                }
                fill(what);
            }
        }

        private static Optional<JsonNode> parse(String text) {
            // The agent may send 0xFF bytes, a sync marker for guest-sync-delimited; they precede the JSON.
            int start = text.indexOf('{');
            if (start < 0) {
                return Optional.empty();
            }
            try {
                JsonNode node = Json.MAPPER.readTree(text.substring(start));
                return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private void fill(String what) {
            try {
                readBuffer.clear();
                int count;
                while ((count = channel.read(readBuffer)) == 0) {
                    channel.await(deadline);
                }
                readBuffer.flip();
                if (count < 0) {
                    throw GuestAgentException.unresponsive("The guest agent's socket closed while waiting for the "
                            + "answer to " + what, null);
                }
            } catch (IOException e) {
                throw failure("the answer to " + what, e);
            }
        }

        private static GuestAgentException failure(String what, IOException e) {
            return GuestAgentException.unresponsive(e instanceof InterruptedByTimeoutException
                    ? "No answer from the guest agent in time: " + what
                    : "The guest agent's socket closed: " + describe(e), e);
        }

        private static String describe(IOException e) {
            return e instanceof InterruptedByTimeoutException ? "timed out" : String.valueOf(e.getMessage());
        }

        @Override
        public void close() {
            channel.close();
        }
    }
}
