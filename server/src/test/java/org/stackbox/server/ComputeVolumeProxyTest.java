package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's volume proxy ({@code /v2.1/os-volumes}, {@code /v2.1/os-snapshots}) over the real volume service: what it
 * makes and deletes is what Cinder's API sees, in Nova's fields; Cinder's rules (project, states, snapshots) with
 * Nova's words for its refusals; Nova's policies; and the microversion that removed it.
 */
@Timeout(120)
class ComputeVolumeProxyTest extends InProcessCloudTest {
    private static final Map<String, String> MICROVERSION_2_35 = Map.of("OpenStack-API-Version", "compute 2.35");
    private static final Map<String, String> MICROVERSION_2_36 = Map.of("OpenStack-API-Version", "compute 2.36");

    @Test
    void volumesAreCreatedShownListedAndDeletedThroughNova() throws Exception {
        String project = cloud.project("volproxy");
        cloud.user("vera", "member", project);
        String token = cloud.tokenOf("vera", project);

        HttpResponse<String> created = cloud.call("POST", "/compute/v2.1/os-volumes", token, """
                {"volume": {"size": "2", "display_name": "data", "display_description": "for tests",
                 "availability_zone": "nova", "metadata": {"purpose": "proxy"}}}""", MICROVERSION_2_35);
        JsonNode volume = ok(created).path("volume");
        String id = volume.path("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/compute/v2.1/os-volumes/" + id));
        assertThat(volume.path("size").asInt()).isEqualTo(2);
        assertThat(volume.path("displayName").asText()).isEqualTo("data");
        assertThat(volume.path("displayDescription").asText()).isEqualTo("for tests");
        assertThat(volume.path("availabilityZone").asText()).isEqualTo("nova");
        assertThat(volume.path("metadata")).isEqualTo(JSON.readTree("{\"purpose\": \"proxy\"}"));
        assertThat(volume.path("attachments")).isEqualTo(JSON.readTree("[{}]"));
        assertThat(volume.path("snapshotId").isNull()).isTrue();
        assertThat(volume.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(fieldNames(volume)).containsExactlyInAnyOrder("id", "status", "size", "availabilityZone", "createdAt",
                "attachments", "displayName", "displayDescription", "volumeType", "snapshotId", "metadata");

        String cinder = "/volume/v3/%s/volumes/%s".formatted(project, id);
        cloud.awaitField(cinder, token, "/volume/status", "available");
        JsonNode seenByCinder = ok(cloud.call("GET", cinder, token, null)).path("volume");
        assertThat(seenByCinder.path("size").asInt()).isEqualTo(2);
        assertThat(seenByCinder.path("name").asText()).isEqualTo("data");
        assertThat(seenByCinder.path("description").asText()).isEqualTo("for tests");
        assertThat(seenByCinder.at("/metadata/purpose").asText()).isEqualTo("proxy");

        JsonNode shown = ok(cloud.call("GET", "/compute/v2.1/os-volumes/" + id, token, null)).path("volume");
        assertThat(shown.path("status").asText()).isEqualTo("available");
        assertThat(shown.path("volumeType").asText()).isEqualTo(seenByCinder.path("volume_type").asText());
        assertThat(ids("/compute/v2.1/os-volumes", token, "volumes")).containsExactly(id);
        assertThat(ids("/compute/v2.1/os-volumes/detail", token, "volumes")).containsExactly(id);
        String second = cloud.availableVolume(token, project);
        assertThat(ids("/compute/v2.1/os-volumes", token, "volumes")).as("Cinder's volumes, in Cinder's order")
                .containsExactly(second, id)
                .isEqualTo(ids("/volume/v3/%s/volumes".formatted(project), token, "volumes"));
        assertThat(ids("/compute/v2.1/os-volumes?limit=1", token, "volumes")).hasSize(1);
        assertThat(ids("/compute/v2.1/os-volumes/detail?offset=1", token, "volumes")).hasSize(1);
        refused(cloud.call("GET", "/compute/v2.1/os-volumes?limit=x", token, null), 400, "limit");

        String other = cloud.project("volproxy-other");
        cloud.user("otis", "member", other);
        String otherToken = cloud.tokenOf("otis", other);
        assertThat(ids("/compute/v2.1/os-volumes", otherToken, "volumes")).as("another project's").isEmpty();
        refused(cloud.call("GET", "/compute/v2.1/os-volumes/" + id, otherToken, null), 404,
                "Volume %s could not be found.".formatted(id));
        refused(cloud.call("DELETE", "/compute/v2.1/os-volumes/" + id, otherToken, null), 404,
                "Volume %s could not be found.".formatted(id));
        String unknown = UUID.randomUUID().toString();
        refused(cloud.call("GET", "/compute/v2.1/os-volumes/" + unknown, token, null), 404,
                "Volume %s could not be found.".formatted(unknown));

        cloud.user("rolf", "reader", project);
        String readerToken = cloud.tokenOf("rolf", project);
        assertThat(ids("/compute/v2.1/os-volumes", readerToken, "volumes")).as("a reader reads")
                .containsExactlyInAnyOrder(id, second);
        refused(cloud.call("POST", "/compute/v2.1/os-volumes", readerToken, "{\"volume\": {\"size\": 1}}"), 403,
                "os_compute_api:os-volumes:create");
        refused(cloud.call("DELETE", "/compute/v2.1/os-volumes/" + id, readerToken, null), 403,
                "os_compute_api:os-volumes:delete");

        refused(cloud.call("GET", "/compute/v2.1/os-volumes", token, null, MICROVERSION_2_36), 404,
                "The resource could not be found.");
        refused(cloud.call("GET", "/compute/v2.1/os-volumes/" + id, token, null, MICROVERSION_2_36), 404,
                "The resource could not be found.");
        refused(cloud.call("POST", "/compute/v2.1/os-volumes", token, "{\"volume\": {\"size\": 1}}",
                MICROVERSION_2_36), 404, "The resource could not be found.");

        HttpResponse<String> deleted = cloud.call("DELETE", "/compute/v2.1/os-volumes/" + id, token, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        awaitGone(cinder, token);
        refused(cloud.call("GET", "/compute/v2.1/os-volumes/" + id, token, null), 404, "could not be found");
    }

    @Test
    void badVolumeRequestsAreRefusedWithNovasMessages() throws Exception {
        String project = cloud.project("volproxybad");
        cloud.user("bruno", "member", project);
        String token = cloud.tokenOf("bruno", project);
        refused(create(token, "{\"volume\": {\"size\": 0}}"), 400,
                "Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1");
        refused(create(token, "{\"volume\": {\"size\": \"abc\"}}"), 400,
                "Invalid input for field/attribute size. Value: abc. 'abc' does not match '^[0-9]+$'");
        refused(create(token, "{\"volume\": {\"size\": \"0\"}}"), 400,
                "Invalid input received: Invalid input received: Volume size '0' must be an integer and greater "
                        + "than 0. (HTTP 400)");
        refused(create(token, "{\"volume\": {\"size\": 1.5}}"), 400, "1.5 is not of type 'integer', 'string'");
        refused(create(token, "{\"volume\": {\"display_name\": \"x\"}}"), 400, "'size' is a required property");
        refused(create(token, "{\"volume\": {\"size\": 1, \"name\": \"x\"}}"), 400,
                "Additional properties are not allowed ('name' was unexpected)");
        refused(create(token, "{\"size\": 1}"), 400, "'volume' is a required property");
        refused(create(token, "{\"volume\": {\"size\": 1, \"availability_zone\": \"mars\"}}"), 400,
                "Availability zone 'mars' is invalid.");
        String unknown = UUID.randomUUID().toString();
        refused(create(token, "{\"volume\": {\"size\": 1, \"snapshot_id\": \"%s\"}}".formatted(unknown)), 404,
                "Snapshot %s could not be found.".formatted(unknown));
        refused(create(token, "{\"volume\": {\"size\": 1, \"volume_type\": \"gold\"}}"), 404,
                "Volume type with name gold could not be found.");
        String adminProject = JSON.readTree(cloud.call("GET", "/identity/v3/projects?name=admin", cloud.admin(), null)
                .body()).at("/projects/0/id").asText();
        HttpResponse<String> quota = cloud.call("PUT", "/volume/v3/%s/os-quota-sets/%s".formatted(adminProject,
                project), cloud.admin(), "{\"quota_set\": {\"volumes\": 0}}");
        assertThat(quota.statusCode()).as(quota.body()).isEqualTo(200);
        refused(create(token, "{\"volume\": {\"size\": 1}}"), 403,
                "Maximum number of volumes allowed (0) exceeded for quota 'volumes'.");
        assertThat(ids("/volume/v3/%s/volumes".formatted(project), token, "volumes")).as("nothing was made").isEmpty();
    }

    @Test
    void snapshotsAreMadeThroughNovaAndVolumesInUseOrWithSnapshotsStay() throws Exception {
        String project = cloud.project("snapproxy");
        cloud.user("sofia", "member", project);
        String token = cloud.tokenOf("sofia", project);
        String volume = cloud.availableVolume(token, project);

        JsonNode snapshot = ok(cloud.call("POST", "/compute/v2.1/os-snapshots", token, """
                {"snapshot": {"volume_id": "%s", "display_name": "before", "display_description": "first",
                 "force": "false"}}""".formatted(volume))).path("snapshot");
        String id = snapshot.path("id").asText();
        assertThat(snapshot.path("volumeId").asText()).isEqualTo(volume);
        assertThat(snapshot.path("displayName").asText()).isEqualTo("before");
        assertThat(snapshot.path("displayDescription").asText()).isEqualTo("first");
        assertThat(snapshot.path("size").asInt()).isEqualTo(1);
        assertThat(fieldNames(snapshot)).containsExactlyInAnyOrder("id", "volumeId", "status", "size", "createdAt", "displayName",
                "displayDescription");
        String cinder = "/volume/v3/%s/snapshots/%s".formatted(project, id);
        cloud.awaitField(cinder, token, "/snapshot/status", "available");
        assertThat(ok(cloud.call("GET", cinder, token, null)).at("/snapshot/name").asText()).isEqualTo("before");
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-snapshots/" + id, token, null)).at("/snapshot/status")
                .asText()).isEqualTo("available");
        assertThat(ids("/compute/v2.1/os-snapshots", token, "snapshots")).containsExactly(id);
        assertThat(ids("/compute/v2.1/os-snapshots/detail", token, "snapshots")).containsExactly(id);

        refused(cloud.call("DELETE", "/compute/v2.1/os-volumes/" + volume, token, null), 400,
                "Invalid input received: Invalid volume: Volume %s still has 1 dependent snapshots. (HTTP 400)"
                        .formatted(volume));
        String unknown = UUID.randomUUID().toString();
        refused(cloud.call("POST", "/compute/v2.1/os-snapshots", token,
                "{\"snapshot\": {\"volume_id\": \"%s\"}}".formatted(unknown)), 404,
                "Volume %s could not be found.".formatted(unknown));
        refused(cloud.call("POST", "/compute/v2.1/os-snapshots", token, "{\"snapshot\": {\"force\": true}}"), 400,
                "'volume_id' is a required property");
        refused(cloud.call("POST", "/compute/v2.1/os-snapshots", token,
                "{\"snapshot\": {\"volume_id\": \"%s\", \"force\": \"maybe\"}}".formatted(volume)), 400,
                "Invalid input for field/attribute force.");
        refused(cloud.call("GET", "/compute/v2.1/os-snapshots/" + unknown, token, null), 404,
                "Snapshot %s could not be found.".formatted(unknown));
        String other = cloud.project("snapproxy-other");
        cloud.user("oleg", "member", other);
        String otherToken = cloud.tokenOf("oleg", other);
        refused(cloud.call("GET", "/compute/v2.1/os-snapshots/" + id, otherToken, null), 404, "could not be found");
        refused(cloud.call("DELETE", "/compute/v2.1/os-snapshots/" + id, otherToken, null), 404, "could not be found");
        assertThat(ids("/compute/v2.1/os-snapshots", otherToken, "snapshots")).isEmpty();
        refused(cloud.call("GET", "/compute/v2.1/os-snapshots", token, null, MICROVERSION_2_36), 404,
                "The resource could not be found.");

        String attachments = "/volume/v3/%s/attachments".formatted(project);
        Map<String, String> attachmentsVersion = Map.of("OpenStack-API-Version", "volume 3.27");
        String server = UUID.randomUUID().toString();
        String attachment = ok(cloud.call("POST", attachments, token, "{\"attachment\": {\"volume_uuid\": \"%s\", "
                .formatted(volume) + "\"instance_uuid\": \"%s\"}}".formatted(server), attachmentsVersion))
                .at("/attachment/id").asText();
        ok(cloud.call("PUT", attachments + "/" + attachment, token,
                "{\"attachment\": {\"connector\": {\"mountpoint\": \"/dev/vdb\", \"host\": \"h\"}}}",
                attachmentsVersion));
        JsonNode inUse = ok(cloud.call("GET", "/compute/v2.1/os-volumes/" + volume, token, null)).path("volume");
        assertThat(inUse.path("status").asText()).isEqualTo("in-use");
        assertThat(inUse.path("attachments")).isEqualTo(JSON.readTree(
                "[{\"id\": \"%s\", \"volumeId\": \"%s\", \"serverId\": \"%s\", \"device\": \"/dev/vdb\"}]"
                        .formatted(volume, volume, server)));
        refused(cloud.call("POST", "/compute/v2.1/os-snapshots", token,
                "{\"snapshot\": {\"volume_id\": \"%s\"}}".formatted(volume)), 400,
                "Invalid input received: Invalid volume: Volume %s status must be available, but current status is: "
                        .formatted(volume) + "in-use. (HTTP 400)");
        refused(cloud.call("DELETE", "/compute/v2.1/os-volumes/" + volume, token, null), 400,
                "Invalid input received: Invalid volume: Volume status must be available or error");
        String forced = ok(cloud.call("POST", "/compute/v2.1/os-snapshots", token,
                "{\"snapshot\": {\"volume_id\": \"%s\", \"force\": true}}".formatted(volume)))
                .at("/snapshot/id").asText();
        cloud.awaitField("/volume/v3/%s/snapshots/%s".formatted(project, forced), token, "/snapshot/status", "available");

        cloud.user("rosa", "reader", project);
        refused(cloud.call("DELETE", "/compute/v2.1/os-snapshots/" + id, cloud.tokenOf("rosa", project), null), 403,
                "os_compute_api:os-volumes:snapshots:delete");
        HttpResponse<String> deleted = cloud.call("DELETE", "/compute/v2.1/os-snapshots/" + id, token, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        awaitGone(cinder, token);
        assertThat(ids("/compute/v2.1/os-snapshots", token, "snapshots")).containsExactly(forced);
    }

    private static HttpResponse<String> create(String token, String body) throws Exception {
        return cloud.call("POST", "/compute/v2.1/os-volumes", token, body);
    }

    private static void awaitGone(String path, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (cloud.call("GET", path, token, null).statusCode() != 404) {
            assertThat(System.nanoTime()).as(path + " is still there").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
