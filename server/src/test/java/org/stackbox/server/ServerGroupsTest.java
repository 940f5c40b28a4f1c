package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's server groups on this one-host cloud: the API at its microversions, the group scheduler hint, anti-affinity
 * placing only the first member (a later one ends in ERROR with Nova's "No valid host" fault), affinity placing all,
 * the quotas, and the refusals.
 */
@Timeout(300)
class ServerGroupsTest extends InProcessCloudTest {
    private static final Map<String, String> V2_1 = Map.of("OpenStack-API-Version", "compute 2.1");
    private static final Map<String, String> V2_15 = Map.of("OpenStack-API-Version", "compute 2.15");
    private static final Map<String, String> V2_64 = Map.of("OpenStack-API-Version", "compute 2.64");
    private static final Map<String, String> V2_71 = Map.of("OpenStack-API-Version", "compute 2.71");

    @Test
    void groupsAreMadeShownListedAndDeletedAtEachMicroversion() throws Exception {
        String project = cloud.project("groups");
        cloud.user("gina", "member", project);
        String token = cloud.tokenOf("gina", project);

        JsonNode old = created(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"web\", \"policies\": [\"anti-affinity\"]}}", V2_1));
        assertThat(fields(old)).containsExactlyInAnyOrder("id", "name", "policies", "members", "metadata");
        assertThat(old.path("policies").get(0).asText()).isEqualTo("anti-affinity");
        JsonNode modern = created(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"db\", \"policy\": \"anti-affinity\", \"rules\": {\"max_server_per_host\": 2}}}",
                V2_64));
        assertThat(fields(modern)).containsExactlyInAnyOrder("id", "name", "policy", "rules", "members", "project_id",
                "user_id");
        assertThat(modern.at("/rules/max_server_per_host").asInt()).isEqualTo(2);
        assertThat(modern.path("project_id").asText()).isEqualTo(project);

        JsonNode shown = ok(cloud.call("GET", "/compute/v2.1/os-server-groups/" + old.path("id").asText(), token, null,
                V2_64)).path("server_group");
        assertThat(shown.path("policy").asText()).isEqualTo("anti-affinity");
        assertThat(shown.path("rules")).isEmpty();
        List<String> listed = new ArrayList<>();
        ok(cloud.call("GET", "/compute/v2.1/os-server-groups", token, null)).path("server_groups")
                .forEach(group -> listed.add(group.path("id").asText()));
        assertThat(listed).containsExactly(old.path("id").asText(), modern.path("id").asText());
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-server-groups?limit=1&offset=1", token, null))
                .path("server_groups")).hasSize(1);

        String other = cloud.project("groups-other");
        cloud.user("olaf", "member", other);
        String otherToken = cloud.tokenOf("olaf", other);
        refused(cloud.call("GET", "/compute/v2.1/os-server-groups/" + old.path("id").asText(), otherToken, null), 404,
                "could not be found");
        refused(cloud.call("DELETE", "/compute/v2.1/os-server-groups/" + old.path("id").asText(), otherToken, null),
                404, "could not be found");
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-server-groups?all_projects=True", otherToken, null))
                .path("server_groups")).as("another project's member sees only its own").isEmpty();
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-server-groups?all_projects=True", cloud.admin(), null))
                .path("server_groups").size()).isGreaterThanOrEqualTo(2);

        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"x\", \"policies\": [\"soft-affinity\"]}}", V2_1), 400, "is not one of");
        created(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"soft\", \"policies\": [\"soft-affinity\"]}}", V2_15));
        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"x\", \"policies\": [\"affinity\", \"anti-affinity\"]}}", V2_1), 400,
                "is too long");
        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"x\", \"policy\": \"affinity\", \"rules\": {\"max_server_per_host\": 2}}}",
                V2_64), 400, "Only anti-affinity policy supports rules.");
        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"x\", \"policy\": \"anti-affinity\", \"rules\": {\"max_server_per_host\": 0}}}",
                V2_64), 400, "max_server_per_host");
        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"x\", \"policies\": [\"affinity\"]}}", V2_64), 400, "policies");
        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"policies\": [\"affinity\"]}}", V2_1), 400, "'name' is a required property");
        cloud.user("rudi", "reader", project);
        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", cloud.tokenOf("rudi", project),
                "{\"server_group\": {\"name\": \"x\", \"policies\": [\"affinity\"]}}", V2_1), 403,
                "os_compute_api:os-server-groups:create");

        assertThat(cloud.call("PUT", "/compute/v2.1/os-quota-sets/" + project, cloud.admin(),
                "{\"quota_set\": {\"server_groups\": 3}}").statusCode()).isEqualTo(200);
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-quota-sets/" + project + "/detail", cloud.admin(), null))
                .at("/quota_set/server_groups/in_use").asInt()).isEqualTo(3);
        refused(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"four\", \"policies\": [\"affinity\"]}}", V2_1), 403,
                "Quota exceeded, too many server groups.");

        assertThat(cloud.call("DELETE", "/compute/v2.1/os-server-groups/" + modern.path("id").asText(), token, null)
                .statusCode()).isEqualTo(204);
        refused(cloud.call("GET", "/compute/v2.1/os-server-groups/" + modern.path("id").asText(), token, null), 404,
                "could not be found");
    }

    @Test
    void antiAffinityPlacesOnlyTheFirstMemberOnThisHostAndAffinityPlacesAll() throws Exception {
        String project = cloud.project("placement");
        cloud.user("paula", "member", project);
        String token = cloud.tokenOf("paula", project);
        String image = cloud.activeImage(token);
        String apart = created(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"apart\", \"policies\": [\"anti-affinity\"]}}", V2_1)).path("id").asText();
        String together = created(cloud.call("POST", "/compute/v2.1/os-server-groups", token,
                "{\"server_group\": {\"name\": \"together\", \"policies\": [\"affinity\"]}}", V2_1)).path("id").asText();

        String first = boot(token, image, apart);
        cloud.awaitField("/compute/v2.1/servers/" + first, token, "/server/status", "ACTIVE");
        String second = boot(token, image, apart);
        cloud.awaitField("/compute/v2.1/servers/" + second, token, "/server/status", "ERROR");
        JsonNode failed = ok(cloud.call("GET", "/compute/v2.1/servers/" + second, token, null, V2_71)).path("server");
        assertThat(failed.at("/fault/message").asText()).contains("No valid host was found");
        assertThat(failed.path("server_groups")).hasSize(1);
        assertThat(failed.path("server_groups").get(0).asText()).isEqualTo(apart);
        JsonNode group = ok(cloud.call("GET", "/compute/v2.1/os-server-groups/" + apart, token, null)).path("server_group");
        assertThat(group.path("members")).extracting(JsonNode::asText).containsExactly(first, second);

        String third = boot(token, image, together);
        String fourth = boot(token, image, together);
        cloud.awaitField("/compute/v2.1/servers/" + third, token, "/server/status", "ACTIVE");
        cloud.awaitField("/compute/v2.1/servers/" + fourth, token, "/server/status", "ACTIVE");

        refused(cloud.call("POST", "/compute/v2.1/servers", token, create(image, "not-a-uuid")), 400, "is not a 'uuid'");
        refused(cloud.call("POST", "/compute/v2.1/servers", token, create(image, "0b0c7e5e-0000-4000-8000-000000000000")),
                400, "Instance group 0b0c7e5e-0000-4000-8000-000000000000 could not be found.");
        assertThat(cloud.call("PUT", "/compute/v2.1/os-quota-sets/" + project, cloud.admin(),
                "{\"quota_set\": {\"server_group_members\": 2}}").statusCode()).isEqualTo(200);
        refused(cloud.call("POST", "/compute/v2.1/servers", token, create(image, together)), 403,
                "Quota exceeded, too many servers in group");

        for (String server : List.of(first, second, third, fourth)) {
            cloud.deleteServer(token, server);
        }
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-server-groups/" + apart, token, null))
                .at("/server_group/members")).as("deleted servers are members no more").isEmpty();
        String again = boot(token, image, apart);
        cloud.awaitField("/compute/v2.1/servers/" + again, token, "/server/status", "ACTIVE");
        cloud.deleteServer(token, again);
    }

    private static String boot(String token, String image, String group) throws Exception {
        HttpResponse<String> created = cloud.call("POST", "/compute/v2.1/servers", token, create(image, group));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return JSON.readTree(created.body()).at("/server/id").asText();
    }

    private static String create(String image, String group) {
        return ("{\"server\": {\"name\": \"member\", \"imageRef\": \"%s\", \"flavorRef\": \"1\", \"networks\": \"none\"},"
                + " \"os:scheduler_hints\": {\"group\": \"%s\"}}").formatted(image, group);
    }

    private static List<String> fields(JsonNode node) {
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    private static JsonNode created(HttpResponse<String> response) throws Exception {
        return ok(response).path("server_group");
    }
}
