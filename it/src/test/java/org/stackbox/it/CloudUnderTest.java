package org.stackbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running {@code stackbox serve} for one test class, started in {@code work/data}, and what its tests need of it:
 * the admin's client environment, a home directory for the clients ({@code work/home}), an admin token, the admin
 * project's id and the default network's. Polling goes through the API itself: the clients take seconds to start,
 * the API answers in milliseconds. {@link #close()} deletes the servers that are left, stops Stackbox, then stops any
 * QEMU that outlived it (QEMU outlives Stackbox by design).
 */
final class CloudUnderTest implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final Path home;
    private StackboxProcess stackbox;
    private final Map<String, String> admin;
    private String token;
    private final String projectId;
    private final String defaultNetworkId;
    private final ApiWaits waits;
    private final String[] serveArguments;

    private CloudUnderTest(Path data, Path home, StackboxProcess stackbox, String... serveArguments) throws Exception {
        this.serveArguments = serveArguments.clone();
        this.data = data;
        this.home = home;
        this.stackbox = stackbox;
        this.admin = stackbox.adminEnvironment();
        this.token = adminToken();
        this.projectId = Http.send("GET", url() + "/identity/v3/auth/tokens", token, token, null).json()
                .at("/token/project/id").asText();
        this.defaultNetworkId = api("GET", "/network/v2.0/networks?name=private", null).json()
                .at("/networks/0/id").asText();
        this.waits = new ApiWaits(this::api, projectId);
    }

    /** {@code serveArguments} are added to {@code serve}'s, at this start and every restart. */
    static CloudUnderTest start(Path work, String... serveArguments) throws Exception {
        Path data = work.resolve("data");
        Path home = Files.createDirectories(work.resolve("home"));
        StackboxProcess stackbox = StackboxProcess.start(data, serveArguments);
        try {
            return new CloudUnderTest(data, home, stackbox, serveArguments);
        } catch (Exception | AssertionError e) {
            stackbox.close();
            throw e;
        }
    }

    /** Stops Stackbox and starts it again on the same port and data; the servers keep running meanwhile. */
    void restart() throws Exception {
        int port = stackbox.port();
        stackbox.close();
        stackbox = StackboxProcess.start(data, port, serveArguments);
        token = adminToken();
    }

    /** Stops Stackbox cleanly (as SIGTERM does); {@link #restart()} starts it again. */
    void stop() throws Exception {
        stackbox.close();
    }

    /** Kills Stackbox with {@code kill -9}; {@link #restart()} starts it again. */
    void kill() throws Exception {
        stackbox.kill();
    }

    String url() {
        return stackbox.url();
    }

    Path dataDir() {
        return data;
    }

    Path home() {
        return home;
    }

    /** The admin's environment for the clients, from the {@code openrc} Stackbox wrote. */
    Map<String, String> admin() {
        return admin;
    }

    /** A token of the admin, scoped to the admin project (renewed by {@link #restart()}). */
    String token() {
        return token;
    }

    String projectId() {
        return projectId;
    }

    /** The network {@code private} that every project shares. */
    String defaultNetworkId() {
        return defaultNetworkId;
    }

    /** A client run in {@link #home()} with exactly this environment. */
    Cli.Result run(Map<String, String> environment, String... command) throws Exception {
        return Cli.run(environment, home, command);
    }

    /** A request to Stackbox with the admin's token. */
    Http.Response api(String method, String path, String body) throws Exception {
        return Http.send(method, url() + path, token, null, body);
    }

    JsonNode serverFromApi(String id) throws Exception {
        Http.Response response = api("GET", "/compute/v2.1/servers/" + id, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("server");
    }

    /** The server once it has this status and no task; ERROR on the way fails, unless ERROR is what is wanted. */
    JsonNode awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode server = serverFromApi(id);
            String status = server.path("status").asText();
            if (status.equals(wanted) && server.path("OS-EXT-STS:task_state").isNull()) {
                return server;
            }
            assertThat(status).as("server %s: %s", id, server).isNotEqualTo(wanted.equals("ERROR") ? "" : "ERROR");
            assertThat(Instant.now()).as("server %s still %s", id, status).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    /** Returns once the server is gone from the API. */
    void awaitGone(String id) throws Exception {
        waits.awaitGone(id);
    }

    /** The volume once it has this status. */
    JsonNode awaitVolume(String id, String wanted) throws Exception {
        return waits.awaitVolume(id, wanted);
    }

    /** The server's console output ({@code os-getConsoleOutput}). */
    String consoleOutput(String id) throws Exception {
        return api("POST", "/compute/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}").json()
                .path("output").asText();
    }

    /** The server's console output once {@code ready} holds for it. */
    String awaitConsole(String id, Predicate<String> ready, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String output = consoleOutput(id);
            if (ready.test(output)) {
                return output;
            }
            assertThat(Instant.now()).as("the console of %s after %s:%n%s", id, timeout, output).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (JsonNode server : JSON.readTree(run(admin, "openstack", "server", "list", "-f", "json")
                    .requireSuccess().stdout())) {
                run(admin, "openstack", "server", "delete", "--wait", server.path("ID").asText());
            }
        } finally {
            stackbox.close();
            stopLeftoverGuests(data);
        }
    }

    /** Stops the QEMU of every server under {@code data} that is still running (found by its pid file). */
    static void stopLeftoverGuests(Path data) throws IOException {
        Path servers = data.resolve("servers");
        if (!Files.isDirectory(servers)) {
            return;
        }
        try (Stream<Path> directories = Files.list(servers)) {
            for (Path directory : directories.toList()) {
                Path pidFile = directory.resolve("qemu.pid");
                if (Files.exists(pidFile)) {
                    // A stale pid file may name another process by now: only a QEMU started with this file is stopped.
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                            .filter(process -> process.info().commandLine().orElse("").contains(pidFile.toString()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    private String adminToken() throws IOException, InterruptedException {
        return Http.token(url() + "/identity", admin.get("OS_USERNAME"), admin.get("OS_PASSWORD"),
                admin.get("OS_PROJECT_NAME"));
    }
}
