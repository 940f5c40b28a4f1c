package org.stackbox.it;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * RFB 3.8 to shake hands with QEMU's VNC server, press keys and take the screen's pixels.
 */
final class ConsoleSockets {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConsoleSockets() {}

    /** One websocket to the proxy, keeping every byte it receives. */
    static final class Connection implements WebSocket.Listener, AutoCloseable {
        private static final int RAW_ENCODING = 0;
        private static final int DESKTOP_SIZE_ENCODING = -223;
        private static final int RETURN_KEYSYM = 0xff0d;

        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private WebSocket socket;
        /** Bytes received and not yet taken: {@code buffer[start..end)}. */
        private byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;
        private BufferedImage screen;

        static Connection open(String url) {
            Connection connection = new Connection();
            connection.socket = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), connection).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            return connection;
        }

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            int count = data.remaining();
            if (end + count > buffer.length) {
                int kept = end - start;
                byte[] room = buffer.length - kept >= count ? buffer
                        : new byte[Math.max(2 * buffer.length, kept + count)];
                System.arraycopy(buffer, start, room, 0, kept);
                buffer = room;
                start = 0;
                end = kept;
            }
            data.get(buffer, end, count);
            end += count;
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

        /** Waits until {@code text} arrived (among the bytes not taken: on a serial console, all of them). */
        synchronized void awaitText(String text) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!pending().contains(text)) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("'%s' on the console; got '%s'", text, pending()).isPositive();
                wait(Math.max(1, left / 1_000_000));
            }
        }

        private String pending() {
            return new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
        }

        /** The next {@code count} bytes not yet taken. */
        synchronized byte[] take(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (end - start < count) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("%d more bytes from the console (closed: %s)", count - (end - start),
                        closed.getNow("no")).isPositive();
                wait(Math.max(1, left / 1_000_000));
            }
            byte[] taken = Arrays.copyOfRange(buffer, start, start + count);
            start += count;
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
            screen = new BufferedImage(init.getShort(0) & 0xFFFF, init.getShort(2) & 0xFFFF,
                    BufferedImage.TYPE_INT_RGB);
            return new int[] {screen.getWidth(), screen.getHeight()};
        }

        /**
         * After the handshake: pixels as 32-bit little-endian true colour (in memory blue, green, red, unused), sent
         * raw, and the screen's size changes announced, as a viewer that draws them itself asks for.
         */
        void askForRawPixels() {
            send(ByteBuffer.allocate(20).put((byte) 0).put(new byte[3])
                    .put((byte) 32).put((byte) 24).put((byte) 0).put((byte) 1)
                    .putShort((short) 255).putShort((short) 255).putShort((short) 255)
                    .put((byte) 16).put((byte) 8).put((byte) 0).put(new byte[3]).array());
            send(ByteBuffer.allocate(12).put((byte) 2).put((byte) 0).putShort((short) 2)
                    .putInt(RAW_ENCODING).putInt(DESKTOP_SIZE_ENCODING).array());
        }

        /**
         * The whole screen as it is now: asks for a full (not incremental) update and draws the rectangles that come
         * back. A screen that changed size is asked for again at its new size.
         */
        BufferedImage screen() throws InterruptedException {
            boolean resized;
            do {
                send(ByteBuffer.allocate(10).put((byte) 3).put((byte) 0).putShort((short) 0).putShort((short) 0)
                        .putShort((short) screen.getWidth()).putShort((short) screen.getHeight()).array());
                resized = readUpdate();
            } while (resized);
            BufferedImage copy = new BufferedImage(screen.getWidth(), screen.getHeight(), BufferedImage.TYPE_INT_RGB);
            copy.setData(screen.getData());
            return copy;
        }

        /** Reads server messages up to and including one framebuffer update; whether it changed the screen's size. */
        private boolean readUpdate() throws InterruptedException {
            while (true) {
                int type = take(1)[0];
                switch (type) {
                    case 0 -> {
                        take(1);
                        int rectangles = ByteBuffer.wrap(take(2)).getShort() & 0xFFFF;
                        boolean resized = false;
                        for (int index = 0; index < rectangles; index++) {
                            resized |= readRectangle();
                        }
                        return resized;
                    }
                    case 2 -> { } // the bell
                    case 3 -> {
                        take(3);
                        take(ByteBuffer.wrap(take(4)).getInt());
                    }
                    default -> throw new AssertionError("RFB server message of unknown type " + type);
                }
            }
        }

        private boolean readRectangle() throws InterruptedException {
            ByteBuffer header = ByteBuffer.wrap(take(12));
            int x = header.getShort(0) & 0xFFFF;
            int y = header.getShort(2) & 0xFFFF;
            int width = header.getShort(4) & 0xFFFF;
            int height = header.getShort(6) & 0xFFFF;
            int encoding = header.getInt(8);
            if (encoding == DESKTOP_SIZE_ENCODING) {
                screen = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                return true;
            }
            assertThat(encoding).as("the rectangle's encoding").isEqualTo(RAW_ENCODING);
            ByteBuffer pixels = ByteBuffer.wrap(take(width * height * 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (int row = 0; row < height; row++) {
                for (int column = 0; column < width; column++) {
                    screen.setRGB(x + column, y + row, pixels.getInt() & 0xFFFFFF);
                }
            }
            return false;
        }

        void pressReturn() {
            press(RETURN_KEYSYM);
        }

        /** Presses and releases the key of an X keysym (for ASCII, the character itself). */
        void press(int keysym) {
            for (int down = 1; down >= 0; down--) {
                send(ByteBuffer.allocate(8).put((byte) 4).put((byte) down).putShort((short) 0).putInt(keysym).array());
            }
        }

        /** Closes the websocket, unless the proxy did already (as it does when the server stops). */
        @Override
        public void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            } catch (CompletionException e) {
                if (!closed.isDone()) {
                    throw e;
                }
            }
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
