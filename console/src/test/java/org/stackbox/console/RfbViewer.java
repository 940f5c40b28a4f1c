package org.stackbox.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Just enough of an RFB 3.8 client over a websocket to get through the handshake and press keys. */
final class RfbViewer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final WebSocket webSocket;
    final ByteCollector collector = new ByteCollector();
    private int consumed;

    RfbViewer(HttpClient client, String url) {
        this.webSocket = client.newWebSocketBuilder().buildAsync(URI.create(url), collector).join();
    }

    /** Waits for the server's protocol version, the first thing an RFB server says. */
    String serverVersion() throws InterruptedException {
        return new String(take(12), StandardCharsets.US_ASCII);
    }

    /** Version, no authentication, shared session; returns the desktop's width and height. */
    int[] handshake() throws InterruptedException {
        assertThat(serverVersion()).isEqualTo("RFB 003.008\n");
        send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        int types = take(1)[0];
        byte[] offered = take(types);
        assertThat(offered).as("QEMU without a password offers security type None").contains((byte) 1);
        send(new byte[] {1});
        assertThat(ByteBuffer.wrap(take(4)).getInt()).as("security result").isZero();
        send(new byte[] {1});
        ByteBuffer init = ByteBuffer.wrap(take(24));
        int width = init.getShort(0) & 0xFFFF;
        int height = init.getShort(2) & 0xFFFF;
        take(init.getInt(20));
        return new int[] {width, height};
    }

    /** Presses and releases the key of an X keysym (for ASCII, the character itself). */
    void press(int keysym) {
        for (int down = 1; down >= 0; down--) {
            send(ByteBuffer.allocate(8).put((byte) 4).put((byte) down).putShort((short) 0).putInt(keysym).array());
        }
    }

    void send(byte[] bytes) {
        webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    private byte[] take(int count) throws InterruptedException {
        byte[] all = collector.await(consumed + count, WAIT);
        byte[] taken = Arrays.copyOfRange(all, consumed, consumed + count);
        consumed += count;
        return taken;
    }

    @Override
    public void close() {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
}
