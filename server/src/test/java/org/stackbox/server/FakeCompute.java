package org.stackbox.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cloud of one identity and one compute endpoint on a loopback port, for the operator commands: a login always
 * succeeds, every compute request is recorded and gets the answer set last.
 */
final class FakeCompute implements AutoCloseable {
    record Request(String method, String path, String body) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";

    FakeCompute() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/identity/v3/auth/tokens", exchange -> {
            exchange.getResponseHeaders().add("X-Subject-Token", "token");
            reply(exchange, 201, """
                    {"token": {"catalog": [{"type": "compute", "endpoints": [{"interface": "public",
                     "url": "%s/compute/v2.1"}]}]}}""".formatted(url()));
        });
        server.createContext("/compute/v2.1", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            reply(exchange, status, answer);
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Writes the {@code openrc} that leads the commands here into {@code dataDir}. */
    void writeOpenrc(Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve("openrc"), """
                export OS_AUTH_URL=%s/identity
                export OS_USERNAME=admin
                export OS_PASSWORD='secret'
                export OS_PROJECT_NAME=admin
                """.formatted(url()));
    }

    void answer(int status, String body) {
        this.status = status;
        this.answer = body;
    }

    List<Request> requests() {
        return requests;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
