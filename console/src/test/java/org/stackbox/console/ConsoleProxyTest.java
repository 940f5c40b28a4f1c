package org.stackbox.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.ConsoleType;
import org.stackbox.virt.ConsoleEndpoints;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The console proxy on a real {@link org.stackbox.api.ApiServer}, in front of real QEMU guests, driven by the JDK's
 * websocket client. Each guest's sockets sit behind a {@link CountingForwarder}, so that the tests can tell whether
 * anything reached QEMU.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleProxyTest {
    static final String SERVER = "6a2f1c3e-0b4d-4e8f-9a1b-2c3d4e5f6a7b";
    static final String OTHER_SERVER = "7b3a2d4f-1c5e-4f90-8b2c-3d4e5f6a7b8c";

    @TempDir
    static Path temporary;
    Guests guests;
    CountingForwarder screen;
    CountingForwarder serialPort;
    CountingForwarder otherScreen;
    MovableClock clock;
    ConsoleServer server;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void bootGuests() throws Exception {
        guests = new Guests(temporary);
        guests.boot(SERVER);
        guests.boot(OTHER_SERVER);
        ConsoleEndpoints real = guests.hypervisor.consoles(SERVER);
        screen = new CountingForwarder(temporary.resolve("screen.sock"), real.vncSocket());
        serialPort = new CountingForwarder(temporary.resolve("serial.sock"), real.serialSocket());
        otherScreen = new CountingForwarder(temporary.resolve("other.sock"),
                guests.hypervisor.consoles(OTHER_SERVER).vncSocket());
        Map<String, ConsoleEndpoints> forwarded = Map.of(
                SERVER, new ConsoleEndpoints(screen.path(), real.serialLog(), serialPort.path()),
                OTHER_SERVER, new ConsoleEndpoints(otherScreen.path(), real.serialLog(), otherScreen.path()));
        HypervisorConsoleTargets hypervisorTargets = new HypervisorConsoleTargets(guests.hypervisor);
        ConsoleTargets targets = new ConsoleTargets() {
            @Override
            public Optional<ConsoleEndpoints> endpoints(String serverId) {
                return hypervisorTargets.endpoints(serverId).map(real -> forwarded.getOrDefault(serverId, real));
            }

            @Override
            public boolean isRunning(String serverId) {
                return hypervisorTargets.isRunning(serverId);
            }
        };
        clock = new MovableClock(Instant.now());
        server = new ConsoleServer(targets, clock);
    }

    /** The guests go whatever else failed, also when starting the rest did: no QEMU outlives the test. */
    @AfterAll
    void stopEverything() throws Exception {
        try {
            for (AutoCloseable part : new AutoCloseable[] {server, screen, serialPort, otherScreen}) {
                if (part != null) {
                    part.close();
                }
            }
        } finally {
            if (guests != null) {
                guests.close();
            }
        }
    }

    @Test
    void severalViewersCompleteTheRfbHandshakeThroughTheProxy() throws Exception {
        ConsoleToken token = server.consoles.authorizations().issue(SERVER, ConsoleType.NOVNC);
        try (RfbViewer first = new RfbViewer(client, vncUrl(token.value()));
             RfbViewer second = new RfbViewer(client, vncUrl(token.value()))) {
            assertThat(first.handshake()).containsExactly(720, 400);
            assertThat(second.handshake()).as("a second viewer shares the screen").containsExactly(720, 400);
        }
    }

    @Test
    void keysTypedOnTheScreenComeBackOnTheSerialConsole() throws Exception {
        ConsoleToken serialToken = server.consoles.authorizations().issue(SERVER, ConsoleType.SERIAL);
        ConsoleToken screenToken = server.consoles.authorizations().issue(SERVER, ConsoleType.NOVNC);
        ByteCollector serial = new ByteCollector();
        WebSocket serialSocket = client.newWebSocketBuilder()
                .buildAsync(URI.create(server.websocketUrl("/serial?token=" + serialToken.value())), serial).join();
        try (RfbViewer viewer = new RfbViewer(client, vncUrl(screenToken.value()))) {
            viewer.handshake();
            for (char key : "console42".toCharArray()) {
                viewer.press(key);
            }
            serial.awaitText("console42", Guests.BOOT);
        } finally {
            serialSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void severalSerialViewersShareTheServersOneSerialConnection() throws Exception {
        ConsoleToken serialToken = server.consoles.authorizations().issue(SERVER, ConsoleType.SERIAL);
        int connectionsBefore = serialPort.connections();
        long bytesBefore = serialPort.bytesToGuest();
        ByteCollector first = new ByteCollector();
        ByteCollector second = new ByteCollector();
        URI url = URI.create(server.websocketUrl("/serial?token=" + serialToken.value()));
        WebSocket firstSocket = client.newWebSocketBuilder().buildAsync(url, first).join();
        WebSocket secondSocket = client.newWebSocketBuilder().buildAsync(url, second).join();
        try (RfbViewer viewer = new RfbViewer(client, vncUrl(server.consoles.authorizations()
                .issue(SERVER, ConsoleType.NOVNC).value()))) {
            viewer.handshake();
            for (char key : "both7".toCharArray()) {
                viewer.press(key);
            }
            first.awaitText("both7", Guests.BOOT);
            second.awaitText("both7", Guests.BOOT);
        }
        firstSocket.sendBinary(ByteBuffer.wrap(new byte[] {'a', 'b'}), true).join();
        secondSocket.sendText("cd", true).join();
        long deadline = System.nanoTime() + Guests.BOOT.toNanos();
        while (serialPort.bytesToGuest() < bytesBefore + 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(serialPort.bytesToGuest() - bytesBefore).as("what both viewers typed reached the guest")
                .isEqualTo(4);
        assertThat(serialPort.connections() - connectionsBefore)
                .as("QEMU serves one client at a time: the viewers share one connection").isLessThanOrEqualTo(1);
        firstSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        secondSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void anIdleConsoleIsPingedAndOutlivesTheWebsocketIdleTimeout() throws Exception {
        ConsoleToken serialToken = server.consoles.authorizations().issue(SERVER, ConsoleType.SERIAL);
        ByteCollector idle = new ByteCollector();
        WebSocket socket = client.newWebSocketBuilder()
                .buildAsync(URI.create(server.websocketUrl("/serial?token=" + serialToken.value())), idle).join();
        Thread.sleep(Duration.ofSeconds(35).toMillis());
        assertThat(idle.closed).as("Jetty closes websockets idle for 30 seconds").isNotDone();
        assertThat(idle.pings.get()).isPositive();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void wrongExpiredOrMisdirectedTokensAreRefusedBeforeAnyByteReachesQemu() throws Exception {
        ConsoleAuthorizations authorizations = server.consoles.authorizations();
        int screenConnections = screen.connections();
        long screenBytes = screen.bytesToGuest();

        assertThat(refusal(vncUrl("no-such-token"), null)).isEqualTo(401);
        assertThat(refusal(server.websocketUrl("/websockify"), null)).isEqualTo(401);
        assertThat(refusal(vncUrl(authorizations.issue(SERVER, ConsoleType.SERIAL).value()), null))
                .as("a serial token does not open the screen").isEqualTo(403);
        assertThat(refusal(vncUrl(authorizations.issue(SERVER, ConsoleType.NOVNC).value()), "http://evil.example.net"))
                .as("a page from another site").isEqualTo(403);
        ConsoleToken expiring = authorizations.issue(SERVER, ConsoleType.NOVNC);
        clock.advance(ConsoleConfig.DEFAULT_TOKEN_LIFETIME);
        assertThat(refusal(vncUrl(expiring.value()), null)).as("expired").isEqualTo(401);

        ConsoleToken other = authorizations.issue(OTHER_SERVER, ConsoleType.NOVNC);
        try (RfbViewer viewer = new RfbViewer(client, vncUrl(other.value()))) {
            assertThat(viewer.serverVersion()).isEqualTo("RFB 003.008\n");
        }
        assertThat(otherScreen.connections()).as("the other server's token opened the other server").isPositive();

        assertThat(screen.connections()).as("connections that reached this server's QEMU").isEqualTo(screenConnections);
        assertThat(screen.bytesToGuest()).isEqualTo(screenBytes);
    }

    @Test
    void aStoppedServersConsoleSaysSo() throws Exception {
        String stopped = "8c4b3e5a-2d6f-4a01-9c3d-4e5f6a7b8c9d";
        guests.boot(stopped);
        ConsoleToken token = server.consoles.authorizations().issue(stopped, ConsoleType.NOVNC);
        guests.hypervisor.powerOff(stopped, Duration.ofMillis(200));

        assertThat(refusal(vncUrl(token.value()), null)).isEqualTo(409);
        HttpResponse<String> answer = authorization(token.value());
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("The server is not running");

        server.consoles.authorizations().revokeStopped(stopped);
        guests.hypervisor.powerOn(stopped);
        assertThat(authorization(token.value()).body())
                .as("a token of a stopped server stays dead when the server starts again")
                .contains("The server is not running");
        ConsoleToken fresh = server.consoles.authorizations().issue(stopped, ConsoleType.NOVNC);
        assertThat(authorization(fresh.value()).statusCode()).isEqualTo(200);
        assertThat(authorization("no-such-token").body()).contains("The console token is not valid");
    }

    private String vncUrl(String token) {
        return server.websocketUrl("/websockify?token=" + token);
    }

    private HttpResponse<String> authorization(String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.publicUrl + "/console/authorization?token=" + token))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP status that refused the websocket upgrade. */
    private int refusal(String url, String origin) {
        WebSocket.Builder builder = client.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        Throwable failure = catchThrowable(() -> builder.buildAsync(URI.create(url), new ByteCollector()).join());
        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }
}
