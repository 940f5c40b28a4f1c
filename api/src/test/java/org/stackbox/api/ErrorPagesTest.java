package org.stackbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.common.Json;
import org.stackbox.common.StackboxException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that Jetty refuses before any route sees them (a URI or headers too long, a path it cannot decode) are
 * answered with an OpenStack fault body in JSON, like every other error, never with Jetty's HTML page.
 */
class ErrorPagesTest {
    private static ApiServer server;

    private static final ServiceApi COMPUTE = new ServiceApi() {
        @Override public String prefix() { return "/compute"; }
        @Override public FaultStyle faultStyle() { return FaultStyle.OPENSTACK; }
        @Override public ApiException fault(StackboxException failure) { return Faults.byKind(failure); }
        @Override public void register(ServiceRoutes routes) {
            routes.publicGet("/v2.1/{name}", context -> context.result("{}"));
        }
    };

    @BeforeAll
    static void start() {
        server = new ApiServer(List.of(COMPUTE), token -> Optional.empty(), "http://127.0.0.1/identity");
        server.start("127.0.0.1", 0);
        server.markReady();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
            "/compute/v2.1/%00, '', 400",
            "/compute/v2.1/%zz, '', 400",
            "/compute/v2.1/%2e%2e/x, '', 404",
            "LONG_URI, '', 414",
            "/compute/v2.1/x, LARGE_HEADER, 431"})
    void refusalsBeforeAnyRouteAreJsonFaults(String path, String header, int status) throws IOException {
        String target = path.equals("LONG_URI") ? "/compute/v2.1/" + "a".repeat(70_000) : path;
        String extra = header.equals("LARGE_HEADER") ? "X-Large: " + "b".repeat(70_000) + "\r\n" : "";
        Answer answer = send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "Connection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.head().toLowerCase()).contains("content-type: application/json");
        JsonNode body = Json.parseObject(answer.body().getBytes(StandardCharsets.UTF_8));
        JsonNode fault = body.elements().next();
        assertThat(fault.path("code").asInt()).isEqualTo(status);
        assertThat(fault.path("message").asText()).isNotBlank();
    }

    private record Answer(int status, String head, String body) {}

    private static Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String head = response.substring(0, split);
            String body = response.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Answer(Integer.parseInt(head.split(" ")[1]), head, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int position = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", position);
            int size = Integer.parseInt(chunked.substring(position, lineEnd).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
