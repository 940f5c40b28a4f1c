package org.stackbox.compute.metadata;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTP on real Unix sockets, one per server, reached directly and through socat as QEMU's guestfwd runs it. */
@Timeout(30)
class MetadataListenerTest {
    private static final String OTHER = "0b1c2d3e-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    @TempDir
    Path directory;

    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<MetadataListener> listeners = new ArrayList<>();

    @AfterEach
    void tearDown() {
        listeners.forEach(MetadataListener::close);
        connections.shutdownNow();
        timer.shutdownNow();
    }

    private Path listen(InstanceFacts facts) {
        Path socket = directory.resolve(facts.serverId() + ".sock");
        InstanceMetadata metadata = InstanceMetadataTest.metadata(facts);
        listeners.add(MetadataListener.open(facts.serverId(), socket, metadata::lookup, connections, timer));
        return socket;
    }

    @Test
    void eachSocketAnswersForItsOwnServerOnly() throws Exception {
        Path first = listen(InstanceMetadataTest.keyedWithUserData());
        InstanceFacts other = InstanceMetadataTest.staticAddressWithoutKey();
        Path second = listen(new InstanceFacts(OTHER, "db", "db", "project-b", "nova", Optional.empty(),
                Optional.empty(), java.util.Map.of(), "m1.small", Optional.empty(), Optional.empty(), List.of(),
                other.interfaces()));
        assertThat(exchange(first, "GET /latest/meta-data/instance-id HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 10\r\n").endsWith("\r\n\r\ni-7a1b2c3d");
        assertThat(exchange(second, "GET /latest/meta-data/instance-id HTTP/1.1\r\n\r\n")).endsWith("i-0b1c2d3e");
        // A guest cannot name another server: there is nothing in a request that selects one.
        assertThat(exchange(second, "GET /latest/meta-data/instance-id?uuid=" + InstanceMetadataTest.SERVER
                + " HTTP/1.1\r\nX-Instance-ID: " + InstanceMetadataTest.SERVER + "\r\n\r\n")).endsWith("i-0b1c2d3e");
        assertThat(exchange(second, "GET /openstack/latest/meta_data.json HTTP/1.0\r\n\r\n"))
                .contains("Content-Type: application/json\r\n", "\"uuid\":\"" + OTHER + "\"")
                .doesNotContain(InstanceMetadataTest.SERVER);
        assertThat(Files.getPosixFilePermissions(first)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void answersErrorsAsHttp() throws Exception {
        Path socket = listen(InstanceMetadataTest.keyedWithUserData());
        assertThat(exchange(socket, "GET /latest/meta-data/nothing HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 404 Not Found\r\n");
        assertThat(exchange(socket, "POST /openstack/latest/password HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: GET, HEAD\r\n");
        assertThat(exchange(socket, "HEAD /latest/user-data HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        assertThat(exchange(socket, "garbage\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(exchange(socket, "GET /" + "a".repeat(MetadataHttp.MAX_HEAD_BYTES) + " HTTP/1.1\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(exchange(socket, "GET http://169.254.169.254/latest/meta-data/hostname HTTP/1.1\r\n\r\n"))
                .endsWith("web-server-1.novalocal");
    }

    @Test
    void socatJoinsAConnectionToTheSocketAsQemuRunsIt() throws Exception {
        Path socket = listen(InstanceMetadataTest.keyedWithUserData());
        Process socat = new ProcessBuilder("socat", "-lf", "/dev/null", "STDIO", "UNIX-CONNECT:" + socket).start();
        socat.getOutputStream().write("GET /latest/meta-data/public-keys/0/openssh-key HTTP/1.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        socat.getOutputStream().flush();
        String response = new String(socat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(socat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith(InstanceMetadataTest.KEY);
    }

    @Test
    void closingRemovesTheSocketAndReopeningReplacesAStaleOne() throws Exception {
        Path socket = listen(InstanceMetadataTest.keyedWithUserData());
        listeners.remove(0).close();
        assertThat(socket).doesNotExist();
        assertThatThrownBy(() -> exchange(socket, "GET / HTTP/1.1\r\n\r\n")).isInstanceOf(IOException.class);
        Files.writeString(socket, "stale");
        listen(InstanceMetadataTest.keyedWithUserData());
        assertThat(exchange(socket, "GET /latest/meta-data/instance-id HTTP/1.1\r\n\r\n")).endsWith("i-7a1b2c3d");
    }

    @Test
    void aSilentClientIsCutOffAndOthersStillServed() throws Exception {
        Path socket = listen(InstanceMetadataTest.keyedWithUserData());
        List<SocketChannel> silent = new ArrayList<>();
        for (int index = 0; index < MetadataListener.MAX_CONNECTIONS + 2; index++) {
            silent.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        }
        // The slots are taken until the deadline closes the silent connections.
        Thread.sleep(MetadataListener.DEADLINE.toMillis() + 500);
        assertThat(exchange(socket, "GET /latest/meta-data/instance-id HTTP/1.1\r\n\r\n")).endsWith("i-7a1b2c3d");
        for (SocketChannel channel : silent) {
            assertThat(channel.read(ByteBuffer.allocate(16))).isEqualTo(-1);
            channel.close();
        }
    }

    private static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    break;
                }
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }
}
