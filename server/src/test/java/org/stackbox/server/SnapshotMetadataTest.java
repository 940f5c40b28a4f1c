package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cinder's snapshot metadata ({@code /snapshots/{id}/metadata} and its items) and the snapshot list's {@code name},
 * {@code status} and {@code volume_id} filters, as tempest's volume snapshot tests use them.
 */
@Timeout(120)
class SnapshotMetadataTest extends InProcessCloudTest {
    @Test
    void snapshotMetadataIsSetReplacedAndDeletedAsInCinder() throws Exception {
        String project = cloud.project("snapmeta");
        cloud.user("sven", "member", project);
        String token = cloud.tokenOf("sven", project);
        String snapshot = availableSnapshot(token, project, cloud.availableVolume(token, project), "alpha",
                "{\"a\": \"1\"}");
        String path = "/volume/v3/%s/snapshots/%s/metadata".formatted(project, snapshot);

        assertThat(metadata(call("GET", path, token, null))).isEqualTo(json("{\"a\": \"1\"}"));
        assertThat(metadata(call("POST", path, token, "{\"metadata\": {\"b\": \"2\"}}")))
                .as("POST merges").isEqualTo(json("{\"a\": \"1\", \"b\": \"2\"}"));
        assertThat(metadata(call("PUT", path, token, "{\"metadata\": {\"c\": \"3\"}}")))
                .as("PUT replaces").isEqualTo(json("{\"c\": \"3\"}"));
        assertThat(call("GET", path + "/c", token, null).body()).isEqualTo("{\"meta\":{\"c\":\"3\"}}");
        assertThat(call("PUT", path + "/d", token, "{\"meta\": {\"d\": \"4\"}}").body())
                .isEqualTo("{\"meta\":{\"d\":\"4\"}}");
        assertThat(call("DELETE", path + "/c", token, null).statusCode()).isEqualTo(200);
        JsonNode shown = JSON.readTree(call("GET", "/volume/v3/%s/snapshots/%s".formatted(project, snapshot), token,
                null).body());
        assertThat(shown.at("/snapshot/metadata")).as("the snapshot shows what its metadata holds")
                .isEqualTo(json("{\"d\": \"4\"}"));

        assertRefused(call("PUT", path + "/e", token, "{\"meta\": {\"f\": \"5\"}}"), 400, "Request body and URI mismatch");
        assertRefused(call("PUT", path + "/e", token, "{\"meta\": {\"e\": \"5\", \"f\": \"6\"}}"), 400,
                "Request body contains too many items");
        assertRefused(call("GET", path + "/c", token, null), 404, "Metadata item was not found");
        assertRefused(call("DELETE", path + "/c", token, null), 404, "Metadata item was not found");
        assertRefused(call("PUT", path, token, "{\"meta\": {}}"), 400, "metadata");

        String other = cloud.project("snapmeta-other");
        cloud.user("olga", "member", other);
        String otherToken = cloud.tokenOf("olga", other);
        assertThat(call("GET", "/volume/v3/%s/snapshots/%s/metadata".formatted(other, snapshot), otherToken, null)
                .statusCode()).as("another project's snapshot").isEqualTo(404);
        assertThat(call("POST", "/volume/v3/%s/snapshots/%s/metadata".formatted(other, snapshot), otherToken,
                "{\"metadata\": {\"x\": \"y\"}}").statusCode()).isEqualTo(404);
        assertThat(metadata(call("GET", path, token, null))).as("unchanged by the refusals")
                .isEqualTo(json("{\"d\": \"4\"}"));
    }

    @Test
    void snapshotListsFilterByNameStatusAndVolume() throws Exception {
        String project = cloud.project("snapfilter");
        cloud.user("fiona", "member", project);
        String token = cloud.tokenOf("fiona", project);
        String first = cloud.availableVolume(token, project);
        String second = cloud.availableVolume(token, project);
        String alpha = availableSnapshot(token, project, first, "alpha", "{}");
        String beta = availableSnapshot(token, project, second, "beta", "{}");
        String base = "/volume/v3/%s/snapshots".formatted(project);
        for (String list : List.of(base, base + "/detail")) {
            assertThat(ids(list + "?name=alpha", token)).containsExactly(alpha);
            assertThat(ids(list + "?name=gamma", token)).isEmpty();
            assertThat(ids(list + "?status=available", token)).containsExactlyInAnyOrder(alpha, beta);
            assertThat(ids(list + "?status=error", token)).isEmpty();
            assertThat(ids(list + "?volume_id=" + second, token)).containsExactly(beta);
            assertThat(ids(list + "?name=beta&volume_id=" + first, token)).isEmpty();
        }
    }

    private String availableSnapshot(String token, String project, String volume, String name, String metadata)
            throws Exception {
        HttpResponse<String> created = call("POST", "/volume/v3/%s/snapshots".formatted(project), token,
                "{\"snapshot\": {\"volume_id\": \"%s\", \"name\": \"%s\", \"metadata\": %s}}".formatted(volume, name,
                        metadata));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = JSON.readTree(created.body()).at("/snapshot/id").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!JSON.readTree(call("GET", "/volume/v3/%s/snapshots/%s".formatted(project, id), token, null).body())
                .at("/snapshot/status").asText().equals("available")) {
            assertThat(Instant.now()).as("snapshot %s available", id).isBefore(deadline);
            Thread.sleep(100);
        }
        return id;
    }

    private List<String> ids(String path, String token) throws Exception {
        HttpResponse<String> listed = call("GET", path, token, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(listed.body()).path("snapshots").forEach(snapshot -> ids.add(snapshot.path("id").asText()));
        return ids;
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return cloud.call(method, path, token, body);
    }

    private static JsonNode metadata(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("metadata");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(message);
    }
}
