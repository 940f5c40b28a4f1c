import org.stackbox.api.ApiServer;
import org.stackbox.common.ConsoleType;
import org.stackbox.console.ConsoleConfig;
import org.stackbox.console.ConsoleModule;
import org.stackbox.console.ConsoleToken;
import org.stackbox.console.HypervisorConsoleTargets;
import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Flavor;
import org.stackbox.virt.ImageDiskFormat;
import org.stackbox.virt.ImageMeta;
import org.stackbox.virt.LayoutRequest;
import org.stackbox.virt.NetworkBoot;
import org.stackbox.virt.qemu.Accelerator;
import org.stackbox.virt.qemu.MarkerBootSector;
import org.stackbox.virt.qemu.QemuHypervisor;
import org.stackbox.virt.qemu.QemuTimeouts;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Console proxy benchmark: an RFB client talks to a QEMU guest's VNC server (TCG, a boot sector that prints a marker)
 * once straight over its Unix socket and once through Stackbox's console proxy (websocket on an ApiServer), in the
 * same run, alternating. Latency: round trips of a message QEMU answers at once (SetEncodings with the LED state
 * pseudo-encoding). Throughput: full-screen (720x400, 32 bits per pixel, raw encoding) updates for a fixed time, which
 * QEMU paces with its display refresh timer, and small answered messages with 64 in flight, which only the two paths
 * limit. Each figure is the median of 5 rounds. Prints RESULT lines for bench/run.
 */
public final class ConsoleProxyBench {
    static final int ROUNDS = 5;
    static final int ROUND_TRIPS = 2000;
    static final long THROUGHPUT_NANOS = 2_000_000_000L;
    static final int LED_STATE = -261;
    static final String SERVER = "b3e1c2d4-5f6a-4b7c-8d9e-0f1a2b3c4d5e";

    interface Transport extends AutoCloseable {
        void write(byte[] bytes) throws IOException;

        DataInputStream in();
    }

    /** A straight connection to the VNC Unix socket. */
    static final class Direct implements Transport {
        final SocketChannel channel;
        final DataInputStream in;

        Direct(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        }

        public void write(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        public DataInputStream in() {
            return in;
        }

        public void close() throws IOException {
            channel.close();
        }
    }

    /** A websocket through the console proxy, read as a stream of the binary messages' bytes. */
    static final class Proxied implements Transport, WebSocket.Listener {
        final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        final WebSocket webSocket;
        final DataInputStream in;

        Proxied(HttpClient client, String url) {
            webSocket = client.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
            in = new DataInputStream(new InputStream() {
                byte[] current = new byte[0];
                int position;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] target, int offset, int length) throws IOException {
                    while (position == current.length) {
                        try {
                            current = messages.take();
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                        position = 0;
                    }
                    int count = Math.min(length, current.length - position);
                    System.arraycopy(current, position, target, offset, count);
                    position += count;
                    return count;
                }
            });
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            messages.add(bytes);
            socket.request(1);
            return null;
        }

        public void write(byte[] bytes) {
            webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        public DataInputStream in() {
            return in;
        }

        public void close() {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    /** Version 3.8, no security, shared; then raw encoding only. */
    static void handshake(Transport transport) throws IOException {
        DataInputStream in = transport.in();
        byte[] version = new byte[12];
        in.readFully(version);
        if (!new String(version, StandardCharsets.US_ASCII).equals("RFB 003.008\n")) {
            throw new IOException("Not RFB 3.8: " + new String(version, StandardCharsets.US_ASCII));
        }
        transport.write(version);
        in.readFully(new byte[in.readUnsignedByte()]);
        transport.write(new byte[] {1});
        if (in.readInt() != 0) {
            throw new IOException("Security handshake failed");
        }
        transport.write(new byte[] {1});
        in.readFully(new byte[20]);
        in.readFully(new byte[in.readInt()]);
        transport.write(ByteBuffer.allocate(8).put((byte) 2).put((byte) 0).putShort((short) 1).putInt(0).array());
    }

    /**
     * One message and its answer, answered by QEMU at once: SetEncodings with the LED state pseudo-encoding, to which
     * QEMU replies with the keyboard LEDs (framebuffer updates, by contrast, wait for its display refresh timer).
     */
    static void ledRoundTrip(Transport transport) throws IOException {
        transport.write(ByteBuffer.allocate(12).put((byte) 2).put((byte) 0).putShort((short) 2).putInt(0)
                .putInt(LED_STATE).array());
        readUpdate(transport.in());
    }

    /** Asks for a non-incremental update of a region and reads the answer; returns the bytes read. */
    static long update(Transport transport, int width, int height) throws IOException {
        transport.write(ByteBuffer.allocate(10).put((byte) 3).put((byte) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) width).putShort((short) height).array());
        return readUpdate(transport.in());
    }

    static long readUpdate(DataInputStream in) throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            if (type == 0) {
                in.readUnsignedByte();
                int rectangles = in.readUnsignedShort();
                long bytes = 4;
                for (int index = 0; index < rectangles; index++) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    int w = in.readUnsignedShort();
                    int h = in.readUnsignedShort();
                    int encoding = in.readInt();
                    if (encoding == LED_STATE) {
                        in.readUnsignedByte();
                        bytes += 13;
                    } else if (encoding == 0) {
                        in.readFully(new byte[w * h * 4]);
                        bytes += 12 + (long) w * h * 4;
                    } else {
                        throw new IOException("Unexpected encoding " + encoding);
                    }
                }
                return bytes;
            } else if (type == 2) {
                continue;
            } else if (type == 3) {
                in.readFully(new byte[3]);
                in.readFully(new byte[in.readInt()]);
            } else {
                throw new IOException("Unexpected RFB message " + type);
            }
        }
    }

    interface Opener {
        Transport open() throws IOException;
    }

    static double medianRoundTripMillis(Opener opener) throws Exception {
        try (Transport transport = opener.open()) {
            handshake(transport);
            for (int warm = 0; warm < 200; warm++) {
                ledRoundTrip(transport);
            }
            long[] nanos = new long[ROUND_TRIPS];
            for (int index = 0; index < ROUND_TRIPS; index++) {
                long start = System.nanoTime();
                ledRoundTrip(transport);
                nanos[index] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return nanos[ROUND_TRIPS / 2] / 1e6;
        }
    }

    static double throughputMegabytesPerSecond(Opener opener) throws Exception {
        try (Transport transport = opener.open()) {
            handshake(transport);
            update(transport, 720, 400);
            long bytes = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                bytes += update(transport, 720, 400);
                elapsed = System.nanoTime() - start;
            } while (elapsed < THROUGHPUT_NANOS);
            return bytes / 1e6 / (elapsed / 1e9);
        }
    }

    /** Small messages with 64 in flight: how many answered messages per second the path carries. */
    static double messagesPerSecond(Opener opener) throws Exception {
        int window = 64;
        byte[] request = ByteBuffer.allocate(12).put((byte) 2).put((byte) 0).putShort((short) 2).putInt(0)
                .putInt(LED_STATE).array();
        byte[] batch = new byte[request.length * window];
        for (int index = 0; index < window; index++) {
            System.arraycopy(request, 0, batch, index * request.length, request.length);
        }
        try (Transport transport = opener.open()) {
            handshake(transport);
            long messages = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                transport.write(batch);
                for (int index = 0; index < window; index++) {
                    readUpdate(transport.in());
                }
                messages += window;
                elapsed = System.nanoTime() - start;
            } while (elapsed < THROUGHPUT_NANOS);
            return messages / (elapsed / 1e9);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("stackbox-console-bench-");
        QemuHypervisor hypervisor = new QemuHypervisor(work.resolve("run"), Path.of("/usr/bin/qemu-system-x86_64"),
                Accelerator.TCG, QemuTimeouts.defaults());
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.printing("STACKBOX-CONSOLE-BENCH", false), 0, disk, 0, 512);
        Path file = Files.write(work.resolve("disk.raw"), disk);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> hypervisor.destroy(SERVER)));
        hypervisor.spawn(BlockDeviceLayout.layout(new LayoutRequest(SERVER, new Flavor(1, 32),
                        Optional.of(ImageMeta.of("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", ImageDiskFormat.RAW)),
                        List.of(), false, List.of(), NetworkBoot.NEVER)),
                DiskFiles.of(Map.of(new DiskSource.RootDisk(SERVER), new DiskFile(file, FileFormat.RAW))));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String publicUrl = "http://127.0.0.1:" + port;
        ConsoleModule consoles = new ConsoleModule(ConsoleConfig.defaults(publicUrl),
                new HypervisorConsoleTargets(hypervisor), Clock.systemUTC());
        ApiServer server = new ApiServer(List.of(consoles.api()), token -> Optional.empty(), publicUrl + "/identity");
        HttpClient client = HttpClient.newHttpClient();
        try {
            server.start("127.0.0.1", port);
            server.markReady();
            Thread.sleep(2000);
            Path vncSocket = hypervisor.consoles(SERVER).vncSocket();
            ConsoleToken token = consoles.authorizations().issue(SERVER, ConsoleType.NOVNC);
            String url = "ws://127.0.0.1:" + port + "/console/websockify?token=" + token.value();
            Opener direct = () -> new Direct(vncSocket);
            Opener proxied = () -> new Proxied(client, url);

            List<Double> directLatency = new ArrayList<>();
            List<Double> proxiedLatency = new ArrayList<>();
            List<Double> directThroughput = new ArrayList<>();
            List<Double> proxiedThroughput = new ArrayList<>();
            List<Double> directRates = new ArrayList<>();
            List<Double> proxiedRates = new ArrayList<>();
            // One round first that counts for nothing: the JIT compiles both paths before either is measured.
            medianRoundTripMillis(direct);
            medianRoundTripMillis(proxied);
            messagesPerSecond(direct);
            messagesPerSecond(proxied);
            for (int round = 0; round < ROUNDS; round++) {
                directLatency.add(medianRoundTripMillis(direct));
                proxiedLatency.add(medianRoundTripMillis(proxied));
                directThroughput.add(throughputMegabytesPerSecond(direct));
                proxiedThroughput.add(throughputMegabytesPerSecond(proxied));
                directRates.add(messagesPerSecond(direct));
                proxiedRates.add(messagesPerSecond(proxied));
                System.err.printf("round %d: latency direct %.3f ms, proxied %.3f ms; throughput direct %.1f MB/s, "
                                + "proxied %.1f MB/s; messages direct %.0f/s, proxied %.0f/s%n",
                        round + 1, directLatency.get(round), proxiedLatency.get(round), directThroughput.get(round),
                        proxiedThroughput.get(round), directRates.get(round), proxiedRates.get(round));
            }
            double directMillis = median(directLatency);
            double proxiedMillis = median(proxiedLatency);
            double directRate = median(directThroughput);
            double proxiedRate = median(proxiedThroughput);
            System.out.printf("RESULT|median round trip per message through the proxy|%.3f|ms|direct to the VNC socket|%.3f|%.2f|under 1 ms added (added %.3f ms)%n",
                    proxiedMillis, directMillis, proxiedMillis / directMillis, proxiedMillis - directMillis);
            System.out.printf("RESULT|throughput through the proxy (720x400 raw updates)|%.1f|MB/s|direct to the VNC socket|%.1f|%.2f|at least 0.90 of direct%n",
                    proxiedRate, directRate, proxiedRate / directRate);
            double directMessages = median(directRates);
            double proxiedMessages = median(proxiedRates);
            System.out.printf("RESULT|small messages through the proxy (64 in flight)|%.0f|messages/s|direct to the VNC socket|%.0f|%.2f|at least 0.90 of direct%n",
                    proxiedMessages, directMessages, proxiedMessages / directMessages);
        } finally {
            server.close();
            consoles.close();
            hypervisor.destroy(SERVER);
            try (var paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
