package org.stackbox.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles and scopes at the HTTP edge of a whole Stackbox (in this process, no servers booted): a project's reader,
 * member, an administrator, another project's member and an unscoped token against every service, with one rule
 * of the operator's policy.yaml tightened to administrators.
 */
@Timeout(120)
class PolicyEnforcementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    private static InProcessCloud cloud;
    private static String admin;
    private static String member;
    private static String reader;
    private static String otherMember;
    private static String unscoped;
    private static String projectId;

    @BeforeAll
    static void start() throws Exception {
        cloud = InProcessCloud.start(root.resolve("data"), """
                # key pairs are made by administrators only in this cloud
                "os_compute_api:os-keypairs:create": "rule:admin_api"
                """);
        admin = cloud.admin();
        projectId = cloud.project("one");
        String otherProjectId = cloud.project("two");
        cloud.user("alice", "member", projectId);
        cloud.user("rita", "reader", projectId);
        cloud.user("bob", "member", otherProjectId);
        member = cloud.tokenOf("alice", projectId);
        reader = cloud.tokenOf("rita", projectId);
        otherMember = cloud.tokenOf("bob", otherProjectId);
        unscoped = cloud.unscopedTokenOf("alice");
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
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

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return cloud.call(method, path, token, body);
    }
}
