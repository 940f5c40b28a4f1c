package org.stackbox.console;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A websocket listener that gathers every binary byte it receives, and how the socket closed. */
final class ByteCollector implements WebSocket.Listener {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        received.write(bytes, 0, bytes.length);
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

    synchronized byte[] bytes() {
        return received.toByteArray();
    }

    /** Waits until at least {@code count} bytes arrived, and returns them all. */
    synchronized byte[] await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Only " + received.size() + " of " + count + " bytes within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return received.toByteArray();
    }

    /** Waits until what arrived, read as Latin-1, contains {@code text}. */
    synchronized void awaitText(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!new String(received.toByteArray(), StandardCharsets.ISO_8859_1).contains(text)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No '" + text + "' within " + timeout + "; received: "
                        + new String(received.toByteArray(), StandardCharsets.ISO_8859_1));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
