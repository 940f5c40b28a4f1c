package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.identity.NewPassword;
import org.stackbox.identity.PasswordHasher;
import org.stackbox.network.NetworkConfig;
import org.stackbox.virt.qemu.AcceleratorPolicy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles and scopes at the HTTP edge of a whole Stackbox (in this process, no servers booted): a project's reader,
 * member, an administrator, another project's member and an unscoped token against every service, with one rule
 * of the operator's policy.yaml tightened to administrators.
 */
@Timeout(120)
class PolicyEnforcementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path root;

    private static DataDirectory data;
    private static Cloud cloud;
    private static String url;
    private static String admin;
    private static String member;
    private static String reader;
    private static String otherMember;
    private static String unscoped;
    private static String projectId;

    @BeforeAll
    static void start() throws Exception {
        data = DataDirectory.open(root.resolve("data"));
        Files.writeString(data.root().resolve("policy.yaml"), """
                # key pairs are made by administrators only in this cloud
                "os_compute_api:os-keypairs:create": "rule:admin_api"
                """);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        PasswordHasher hasher = new PasswordHasher();
        cloud = Cloud.start(new CloudConfig(ListenAddress.parse("127.0.0.1:" + port), url,
                DatabaseUrl.sqlite(data.databaseFile()), Duration.ofHours(1), Duration.ofMinutes(10),
                Path.of(CloudConfig.DEFAULT_QEMU), AcceleratorPolicy.TCG, new PortRange(
                        NetworkConfig.defaults().firstForwardPort(), NetworkConfig.defaults().lastForwardPort())),
                data, () -> NewPassword.generate(hasher));
        String adminPassword = cloud.newAdminPassword().orElseThrow();
        admin = token("admin", adminPassword, project("admin"));
        projectId = create("/identity/v3/projects", "{\"project\": {\"name\": \"one\", \"domain_id\": \"default\"}}")
                .at("/project/id").asText();
        String otherProjectId = create("/identity/v3/projects", "{\"project\": {\"name\": \"two\", \"domain_id\": \"default\"}}")
                .at("/project/id").asText();
        member = userWithRole("alice", "member", projectId);
        reader = userWithRole("rita", "reader", projectId);
        otherMember = userWithRole("bob", "member", otherProjectId);
        unscoped = token("alice", "secret-alice", null);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (data != null) {
            data.close();
        }
    }

    @Test
    void aReaderReadsButChangesNothing() throws Exception {
        assertThat(call("GET", "/compute/v2.1/servers", reader, null).statusCode()).isEqualTo(200);
        assertRefused(call("POST", "/compute/v2.1/servers", reader, "{\"server\": {\"name\": \"x\"}}"),
                "{\"forbidden\":{\"code\":403,\"message\":\"Policy doesn't allow os_compute_api:servers:create to be performed.\"}}");
        assertRefused(call("POST", "/compute/v2.1/servers/00000000-0000-0000-0000-000000000000/action", reader, "{\"os-stop\": null}"),
                "{\"forbidden\":{\"code\":403,\"message\":\"Policy doesn't allow os_compute_api:servers:stop to be performed.\"}}");
        assertThat(call("GET", "/volume/v3/" + projectId + "/volumes", reader, null).statusCode()).isEqualTo(200);
        assertRefused(call("POST", "/volume/v3/" + projectId + "/volumes", reader, "{\"volume\": {\"size\": 1}}"),
                "{\"forbidden\":{\"code\":403,\"message\":\"Policy doesn't allow volume:create to be performed.\"}}");
        assertThat(call("GET", "/image/v2/images", reader, null).statusCode()).isEqualTo(200);
        assertRefused(call("POST", "/image/v2/images", reader, "{\"name\": \"x\"}"),
                "{\"forbidden\":{\"code\":403,\"message\":\"You are not authorized to complete add_image action.\"}}");
        assertThat(call("GET", "/network/v2.0/networks", reader, null).statusCode()).isEqualTo(200);
        assertRefused(call("POST", "/network/v2.0/networks", reader, "{\"network\": {\"name\": \"x\"}}"),
                "{\"NeutronError\":{\"type\":\"PolicyNotAuthorized\",\"message\":\"rule:create_network is disallowed by policy\",\"detail\":\"\"}}");
    }

    @Test
    void aMemberChangesTheirProjectAndAnotherProjectsMemberCannotSeeIt() throws Exception {
        HttpResponse<String> created = call("POST", "/network/v2.0/networks", member, "{\"network\": {\"name\": \"mine\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String network = JSON.readTree(created.body()).at("/network/id").asText();
        assertThat(call("GET", "/network/v2.0/networks/" + network, reader, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/network/v2.0/networks/" + network, otherMember, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/network/v2.0/networks/" + network, otherMember, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/network/v2.0/networks/" + network, reader, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/network/v2.0/networks/" + network, member, null).statusCode()).isEqualTo(204);
        assertRefused(call("POST", "/identity/v3/projects", member, "{\"project\": {\"name\": \"three\"}}"),
                "{\"error\":{\"code\":403,\"message\":\"You are not authorized to perform the requested action: identity:create_project.\",\"title\":\"Forbidden\"}}");
    }

    @Test
    void anUnscopedTokenGetsNothingProjectScoped() throws Exception {
        for (String path : new String[] {"/compute/v2.1/servers", "/compute/v2.1/servers/detail", "/image/v2/images",
                "/network/v2.0/networks", "/network/v2.0/ports", "/volume/v3/" + projectId + "/volumes"}) {
            assertThat(call("GET", path, unscoped, null).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(call("GET", "/identity/v3/auth/projects", unscoped, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theOperatorsPolicyFileTightensARule() throws Exception {
        String body = "{\"keypair\": {\"name\": \"k%s\", \"public_key\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG1qZ9yG1Vb3mBkQk0nq4r1m9c1l1x8h3q2Yw5x8oA0B test\"}}";
        assertRefused(call("POST", "/compute/v2.1/os-keypairs", member, body.formatted(1)),
                "{\"forbidden\":{\"code\":403,\"message\":\"Policy doesn't allow os_compute_api:os-keypairs:create to be performed.\"}}");
        HttpResponse<String> allowed = call("POST", "/compute/v2.1/os-keypairs", admin, body.formatted(2));
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> response, String body) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(body));
    }

    private static String userWithRole(String name, String role, String project) throws Exception {
        String user = create("/identity/v3/users", "{\"user\": {\"name\": \"%s\", \"password\": \"secret-%s\", \"domain_id\": \"default\"}}"
                .formatted(name, name)).at("/user/id").asText();
        String roleId = JSON.readTree(call("GET", "/identity/v3/roles?name=" + role, admin, null).body()).at("/roles/0/id").asText();
        assertThat(call("PUT", "/identity/v3/projects/%s/users/%s/roles/%s".formatted(project, user, roleId), admin, null)
                .statusCode()).isEqualTo(204);
        return token(name, "secret-" + name, project);
    }

    private static String project(String name) throws Exception {
        return name;
    }

    private static JsonNode create(String path, String body) throws Exception {
        HttpResponse<String> response = call("POST", path, admin, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static String token(String user, String password, String project) throws Exception {
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

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503) {
            Thread.sleep(200);
            return call(method, path, token, body);
        }
        return response;
    }
}
