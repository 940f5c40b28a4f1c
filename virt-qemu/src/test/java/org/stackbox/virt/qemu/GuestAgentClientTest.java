package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guest agent client against a Unix socket that speaks the agent's protocol as written here: what it sends, that
 * it discards what came before the answer to its own sync, and each way a call fails.
 */
@Timeout(20)
class GuestAgentClientTest {
    private static final long SYNC_ID = 715_517_923L;

    @TempDir
    Path directory;

    private ServerSocketChannel listener;
    private Thread agent;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    /** How the agent answers one command: the lines it writes back, none to stay silent. */
    interface Answers {
        List<String> to(JsonNode command);
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (agent != null) {
            agent.interrupt();
            agent.join(5_000);
        }
    }

    @Test
    void syncsThenSendsThePasswordBase64EncodedInClear() throws Exception {
        Path socket = agent(command -> switch (command.path("execute").asText()) {
            // Left from an earlier client that gave up: a half line, another sync's answer, then ours.
            case "guest-sync" -> List.of("\"return\": {}}", "{\"return\": 42}", "\u00ff{\"return\": " + SYNC_ID + "}");
            case "guest-set-user-password" -> List.of("{\"return\": {}}");
            default -> List.of("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"unknown\"}}");
        });

        client(socket, Duration.ofSeconds(5)).setUserPassword("root", "pä$$ wörd\"1");

        assertThat(received).hasSize(2);
        assertThat(received.get(0).path("execute").asText()).isEqualTo("guest-sync");
        assertThat(received.get(0).at("/arguments/id").asLong()).isEqualTo(SYNC_ID);
        JsonNode set = received.get(1);
        assertThat(set.path("execute").asText()).isEqualTo("guest-set-user-password");
        assertThat(set.at("/arguments/username").asText()).isEqualTo("root");
        assertThat(set.at("/arguments/crypted").isBoolean()).isTrue();
        assertThat(set.at("/arguments/crypted").asBoolean()).isFalse();
        assertThat(new String(Base64.getDecoder().decode(set.at("/arguments/password").asText()),
                StandardCharsets.UTF_8)).isEqualTo("pä$$ wörd\"1");
    }

    @Test
    void anErrorFromTheAgentIsARefusalWithItsDescription() throws Exception {
        Path socket = agent(command -> command.path("execute").asText().equals("guest-sync")
                ? List.of("{\"return\": " + SYNC_ID + "}")
                : List.of("{\"error\": {\"class\": \"GenericError\", \"desc\": \"user 'nobody' does not exist\"}}"));

        assertThatThrownBy(() -> client(socket, Duration.ofSeconds(5)).setUserPassword("nobody", "x"))
                .isInstanceOfSatisfying(GuestAgentException.class,
                        e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.REFUSED))
                .hasMessageContaining("user 'nobody' does not exist");
    }

    @Test
    void anAgentThatNeverAnswersTheSyncIsUnresponsiveWithinTheTimeout() throws Exception {
        // What QEMU's side of the channel looks like when no agent runs in the guest: it takes, and says nothing.
        Path socket = agent(command -> List.of("{\"return\": 42}"));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client(socket, Duration.ofMillis(400)).setUserPassword("root", "x"))
                .isInstanceOfSatisfying(GuestAgentException.class,
                        e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.UNRESPONSIVE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(350),
                Duration.ofSeconds(3));
        assertThat(received).as("nothing is sent before the sync is answered").hasSize(1);
    }

    @Test
    void aSocketThatClosesOrIsMissingIsUnresponsive() throws Exception {
        Path socket = agent(command -> null);
        assertThatThrownBy(() -> client(socket, Duration.ofSeconds(5)).setUserPassword("root", "x"))
                .isInstanceOfSatisfying(GuestAgentException.class,
                        e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.UNRESPONSIVE))
                .hasMessageContaining("closed");

        assertThatThrownBy(() -> client(directory.resolve("missing.sock"), Duration.ofSeconds(5))
                .setUserPassword("root", "x"))
                .isInstanceOfSatisfying(GuestAgentException.class,
                        e -> assertThat(e.kind()).isEqualTo(GuestAgentException.Kind.UNRESPONSIVE))
                .hasMessageContaining("Cannot connect");
    }

    private static GuestAgentClient client(Path socket, Duration timeout) {
        return new GuestAgentClient(socket, timeout, () -> SYNC_ID);
    }

    /**
     * Listens on a socket and serves one connection: each line read is recorded and answered with {@code answers}'
     * lines; a null answer closes the connection.
     */
    private Path agent(Answers answers) throws IOException {
        Path socket = directory.resolve("agent.sock");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        agent = new Thread(() -> {
            try (SocketChannel connection = listener.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                         StandardCharsets.UTF_8));
                 OutputStream out = Channels.newOutputStream(connection)) {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode command = Json.MAPPER.readTree(line);
                    received.add(command);
                    List<String> reply = answers.to(command);
                    if (reply == null) {
                        return;
                    }
                    for (String answer : reply) {
                        out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // The test closed the listener, or the client went away: the agent's work is over.
            }
        }, "guest-agent");
        agent.setDaemon(true);
        agent.start();
        return socket;
    }
}
