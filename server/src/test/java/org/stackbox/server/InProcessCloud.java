package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stackbox.api.AuthorizedRoute;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.identity.NewPassword;
import org.stackbox.identity.PasswordHasher;
import org.stackbox.network.NetworkConfig;
import org.stackbox.virt.qemu.AcceleratorPolicy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole Stackbox in this process, on a SQLite file in a directory of the test's, listening on a free loopback
 * port: its HTTP API called as the official clients call it, with tokens of users made through that API.
 */
final class InProcessCloud implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final DataDirectory data;
    private final Cloud cloud;
    private final String url;
    private final String adminPassword;
    private final String adminToken;

    private InProcessCloud(DataDirectory data, Cloud cloud, String url, Optional<String> adminPassword)
            throws IOException, InterruptedException {
        this.data = data;
        this.cloud = cloud;
        this.url = url;
        awaitReady();
        this.adminPassword = adminPassword.or(cloud::newAdminPassword).orElseThrow();
        this.adminToken = token("admin", this.adminPassword, "admin");
    }

    /** Waits out the 503 that every request gets while the services start (Cloud.start returns before). */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (call("GET", "/identity/v3", null, null).statusCode() == 503) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Stackbox at " + url + " did not finish starting within a minute");
            }
            Thread.sleep(50);
        }
    }

    /** Starts a cloud whose data directory is {@code root}, with {@code policy} (YAML, may be empty) as its policy.yaml. */
    static InProcessCloud start(Path root, String policy) throws IOException, InterruptedException {
        return start(root, policy, Optional.empty());
    }

    /**
     * Stops this cloud and starts it again on the same data directory, as a restart of Stackbox does (its guests'
     * QEMUs run on); answers the new one.
     */
    InProcessCloud restarted() throws IOException, InterruptedException {
        Path root = data.root();
        close();
        return start(root, "", Optional.of(adminPassword));
    }

    private static InProcessCloud start(Path root, String policy, Optional<String> adminPassword)
            throws IOException, InterruptedException {
        DataDirectory data = DataDirectory.open(root);
        try {
            if (!policy.isEmpty()) {
                Files.writeString(data.root().resolve("policy.yaml"), policy);
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String url = "http://127.0.0.1:" + port;
            PasswordHasher hasher = new PasswordHasher();
            NetworkConfig network = NetworkConfig.defaults();
            Cloud cloud = Cloud.start(new CloudConfig(ListenAddress.parse("127.0.0.1:" + port), url,
                    DatabaseUrl.sqlite(data.databaseFile()), Duration.ofHours(1), Duration.ofMinutes(10),
                    Path.of(CloudConfig.DEFAULT_QEMU), AcceleratorPolicy.TCG,
                    new PortRange(network.firstForwardPort(), network.lastForwardPort())),
                    data, () -> NewPassword.generate(hasher));
            return new InProcessCloud(data, cloud, url, adminPassword);
        } catch (IOException | InterruptedException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    DataDirectory data() {
        return data;
    }

    String url() {
        return url;
    }

    /** Every authenticated route of every service, with the rules it is checked against. */
    List<AuthorizedRoute> authorizedRoutes() {
        return cloud.authorizedRoutes();
    }

    /** A token of the administrator, scoped to the admin project. */
    String admin() {
        return adminToken;
    }

    /** Makes a project in the default domain as the administrator; answers its id. */
    String project(String name) throws IOException, InterruptedException {
        return create("/identity/v3/projects", "{\"project\": {\"name\": \"%s\", \"domain_id\": \"default\"}}"
                .formatted(name)).at("/project/id").asText();
    }

    /** Makes a user whose password is {@code secret-NAME} with {@code role} on {@code projectId}; answers its id. */
    String user(String name, String role, String projectId) throws IOException, InterruptedException {
        String user = create("/identity/v3/users", "{\"user\": {\"name\": \"%s\", \"password\": \"secret-%s\", \"domain_id\": \"default\"}}"
                .formatted(name, name)).at("/user/id").asText();
        JsonNode roles = JSON.readTree(call("GET", "/identity/v3/roles?name=" + role, adminToken, null).body());
        String roleId = roles.at("/roles/0/id").asText();
        HttpResponse<String> granted = call("PUT", "/identity/v3/projects/%s/users/%s/roles/%s"
                .formatted(projectId, user, roleId), adminToken, null);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(204);
        return user;
    }

    /** A project-scoped token of a user made by {@link #user}. */
    String tokenOf(String name, String projectId) throws IOException, InterruptedException {
        return token(name, "secret-" + name, projectId);
    }

    /** An unscoped token of a user made by {@link #user}. */
    String unscopedTokenOf(String name) throws IOException, InterruptedException {
        return token(name, "secret-" + name, null);
    }

    /** Makes something as the administrator, expecting 201; answers the body. */
    JsonNode create(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = call("POST", path, adminToken, body);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    /**
     * Issues a token; {@code project} is a project id, a project name in the default domain, or null for an
     * unscoped token.
     */
    String token(String user, String password, String project) throws IOException, InterruptedException {
        String scope = project == null ? "" : project.length() == 32 || project.contains("-")
                ? ", \"scope\": {\"project\": {\"id\": \"%s\"}}".formatted(project)
                : ", \"scope\": {\"project\": {\"name\": \"%s\", \"domain\": {\"id\": \"default\"}}}".formatted(project);
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"id": "default"}, "password": "%s"}}}%s}}""".formatted(user, password, scope);
        HttpResponse<String> response = call("POST", "/identity/v3/auth/tokens", null, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    /** Calls the API with a JSON body (or none) and the token (or none), as the clients do. */
    HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        return call(method, path, token, body, Map.of());
    }

    /** Calls the API with extra headers besides the token and the JSON content type. */
    HttpResponse<String> call(String method, String path, String token, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PUTs {@code data} as {@code application/octet-stream}, as the clients upload image data. */
    HttpResponse<String> upload(String path, String token, byte[] data) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                .header("Content-Type", "application/octet-stream").header("X-Auth-Token", token).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Makes a 1 MiB raw image of zeros as {@code token}'s project and uploads its data; answers its id once active. */
    String activeImage(String token) throws IOException, InterruptedException {
        return activeImage(token, new byte[1024 * 1024]);
    }

    /** Makes a raw image of {@code data} as {@code token}'s project; answers its id once active. */
    String activeImage(String token, byte[] data) throws IOException, InterruptedException {
        HttpResponse<String> created = call("POST", "/image/v2/images", token,
                "{\"name\": \"zeros\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String image = JSON.readTree(created.body()).at("/id").asText();
        HttpResponse<String> uploaded = upload("/image/v2/images/" + image + "/file", token, data);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(204);
        awaitField("/image/v2/images/" + image, token, "/status", "active");
        return image;
    }

    /** Makes a 1 GiB volume in {@code projectId}; answers its id once available. */
    String availableVolume(String token, String projectId) throws IOException, InterruptedException {
        String path = "/volume/v3/" + projectId + "/volumes";
        HttpResponse<String> created = call("POST", path, token, "{\"volume\": {\"size\": 1, \"name\": \"disk\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String volume = JSON.readTree(created.body()).at("/volume/id").asText();
        awaitField(path + "/" + volume, token, "/volume/status", "available");
        return volume;
    }

    /** Boots an m1.tiny server without networks from {@code image}; answers its id once ACTIVE. */
    String activeServer(String token, String image) throws IOException, InterruptedException {
        HttpResponse<String> created = call("POST", "/compute/v2.1/servers", token, """
                {"server": {"name": "guest", "imageRef": "%s", "flavorRef": "1", "networks": "none"}}""".formatted(image),
                Map.of("OpenStack-API-Version", "compute 2.37"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String server = JSON.readTree(created.body()).at("/server/id").asText();
        awaitField("/compute/v2.1/servers/" + server, token, "/server/status", "ACTIVE");
        return server;
    }

    /** Deletes a server and waits until it is gone (its QEMU stopped). */
    void deleteServer(String token, String server) throws IOException, InterruptedException {
        HttpResponse<String> deleted = call("DELETE", "/compute/v2.1/servers/" + server, token, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (call("GET", "/compute/v2.1/servers/" + server, token, null).statusCode() != 404) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server " + server + " was not gone two minutes after its delete");
            }
            Thread.sleep(100);
        }
    }

    /** Waits (up to two minutes) until the JSON at {@code pointer} of {@code path} is {@code expected}. */
    void awaitField(String path, String token, String pointer, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "";
        while (!expected.equals(last)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " is " + last + ", not " + expected + ", after two minutes");
            }
            Thread.sleep(100);
            last = JSON.readTree(call("GET", path, token, null).body()).at(pointer).asText();
        }
    }

    @Override
    public void close() {
        cloud.close();
        data.close();
    }
}
