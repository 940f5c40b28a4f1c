package org.stackbox.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Websocket clients of the console proxy, as a program (not a browser) uses them: raw bytes both ways, and just enough
 * RFB 3.8 to shake hands with QEMU's VNC server and press keys.
 */
final class ConsoleSockets {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConsoleSockets() {}

    /** One websocket to the proxy, keeping every byte it receives. */
    static final class Connection implements WebSocket.Listener, AutoCloseable {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private WebSocket socket;
        private int consumed;

        static Connection open(String url) {
            Connection connection = new Connection();
            connection.socket = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), connection).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            return connection;
        }

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.writeBytes(bytes);
            notifyAll();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        /** Waits until {@code text} arrived. */
        synchronized void awaitText(String text) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!received.toString(StandardCharsets.ISO_8859_1).contains(text)) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("'%s' on the console; got '%s'", text, received.toString(StandardCharsets.ISO_8859_1))
                        .isPositive();
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /** The next {@code count} bytes not yet taken. */
        synchronized byte[] take(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.size() < consumed + count) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("%d bytes from the console", consumed + count).isPositive();
                wait(Math.max(1, left / 1_000_000));
            }
            byte[] taken = Arrays.copyOfRange(received.toByteArray(), consumed, consumed + count);
            consumed += count;
            return taken;
        }

        void send(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        /** Version 3.8, no authentication, shared session; returns the desktop's width and height. */
        int[] rfbHandshake() throws InterruptedException {
            assertThat(new String(take(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
            send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            byte[] offered = take(take(1)[0]);
            assertThat(offered).as("QEMU without a password offers security type None").contains((byte) 1);
            send(new byte[] {1});
            assertThat(ByteBuffer.wrap(take(4)).getInt()).as("security result").isZero();
            send(new byte[] {1});
            ByteBuffer init = ByteBuffer.wrap(take(24));
            take(init.getInt(20));
            return new int[] {init.getShort(0) & 0xFFFF, init.getShort(2) & 0xFFFF};
        }

        /** Presses and releases the key of an X keysym (for ASCII, the character itself). */
        void press(int keysym) {
            for (int down = 1; down >= 0; down--) {
                send(ByteBuffer.allocate(8).put((byte) 4).put((byte) down).putShort((short) 0).putInt(keysym).array());
            }
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    /** The HTTP status with which the proxy refused to open a websocket. */
    static int refusal(String url, String origin) {
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(URI.create(url), new Connection()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        throw new AssertionError("The console proxy opened " + url);
    }

    /** {@code ws://host/console/websockify?token=T} for the noVNC URL {@code http://host/console/vnc_lite.html?path=%3Ftoken%3DT}. */
    static String vncWebsocketUrl(String noVncUrl) {
        String token = java.net.URLDecoder.decode(noVncUrl.substring(noVncUrl.indexOf("?path=") + 6),
                StandardCharsets.UTF_8).replaceFirst("^\\?token=", "");
        return noVncUrl.substring(0, noVncUrl.indexOf("/console/")).replaceFirst("^http", "ws")
                + "/console/websockify?token=" + token;
    }

    static String token(String consoleUrl) {
        String decoded = java.net.URLDecoder.decode(consoleUrl, StandardCharsets.UTF_8);
        return decoded.substring(decoded.lastIndexOf("token=") + "token=".length());
    }
}
