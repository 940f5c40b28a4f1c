package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cinder's volume transfers through the API, between two projects: the bodies have exactly the keys of tempest's
 * schemas ({@code api_schema/response/volume/transfers.py} and its 3.55 and 3.57 versions), an offer is seen by its
 * project only, a wrong key and a taker over quota change nothing, and an offer outlives a restart.
 */
@Timeout(180)
class VolumeTransfersApiTest extends InProcessCloudTest {
    private static final List<String> SUMMARY = List.of("id", "volume_id", "name", "links");
    private static final List<String> DETAIL = List.of("id", "created_at", "name", "volume_id", "links");
    private static final List<String> CREATED = List.of("id", "created_at", "name", "volume_id", "auth_key", "links");
    private static final List<String> HISTORY = List.of("no_snapshots", "destination_project_id", "source_project_id",
            "accepted");

    @Test
    void aVolumeIsOfferedAndTakenByAnotherProject() throws Exception {
        String donor = cloud.project("transfer-donor");
        String dora = member("dora", donor);
        String taker = cloud.project("transfer-taker");
        String tom = member("tom", taker);
        String volume = cloud.availableVolume(dora, donor);
        String base = "/volume/v3/%s/os-volume-transfer".formatted(donor);

        HttpResponse<String> offered = cloud.call("POST", base, dora,
                "{\"transfer\": {\"volume_id\": \"%s\", \"name\": \" gift \"}}".formatted(volume));
        assertThat(offered.statusCode()).as(offered.body()).isEqualTo(202);
        JsonNode transfer = JSON.readTree(offered.body()).path("transfer");
        assertThat(fieldNames(transfer)).isEqualTo(CREATED);
        assertThat(transfer.path("name").asText()).isEqualTo("gift");
        assertThat(transfer.path("auth_key").asText()).matches("[0-9a-f]{16}");
        assertThat(transfer.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(transfer.at("/links/0/href").asText()).endsWith("/volume/v3/%s/os-volume-transfer/%s".formatted(
                donor, transfer.path("id").asText()));
        String id = transfer.path("id").asText();
        String key = transfer.path("auth_key").asText();
        assertThat(ok(cloud.call("GET", "/volume/v3/%s/volumes/%s".formatted(donor, volume), dora, null))
                .at("/volume/status").asText()).isEqualTo("awaiting-transfer");
        refused(cloud.call("DELETE", "/volume/v3/%s/volumes/%s".formatted(donor, volume), dora, null), 400,
                "awaiting a transfer");

        JsonNode shown = ok(cloud.call("GET", base + "/" + id, dora, null)).path("transfer");
        assertThat(fieldNames(shown)).isEqualTo(DETAIL);
        assertThat(shown.path("created_at")).isEqualTo(transfer.path("created_at"));
        assertThat(fieldNames(ok(cloud.call("GET", base, dora, null)).at("/transfers/0"))).isEqualTo(SUMMARY);
        assertThat(fieldNames(ok(cloud.call("GET", base + "/detail", dora, null)).at("/transfers/0"))).isEqualTo(DETAIL);
        assertThat(ids(base, dora, "transfers")).containsExactly(id);
        assertThat(ids(base + "?name=gift&volume_id=" + volume, dora, "transfers")).containsExactly(id);
        assertThat(ids(base + "/detail?name=other", dora, "transfers")).isEmpty();
        assertThat(ids(base + "?limit=1", dora, "transfers"))
                .as("before 3.59 limit is a filter, and Cinder's transfers table has no such column").isEmpty();

        String takersBase = "/volume/v3/%s/os-volume-transfer".formatted(taker);
        refused(cloud.call("GET", takersBase + "/" + id, tom, null), 404, "Transfer %s could not be found.".formatted(id));
        refused(cloud.call("DELETE", takersBase + "/" + id, tom, null), 404, "could not be found");
        assertThat(ids(takersBase + "/detail", tom, "transfers")).isEmpty();
        assertThat(ids(takersBase + "?all_tenants=1", cloud.admin(), "transfers")).contains(id);
        refused(cloud.call("POST", takersBase + "/" + id + "/accept", tom, "{\"accept\": {\"auth_key\": \"0000\"}}"),
                400, "Invalid auth key: Attempt to transfer %s with invalid auth key.".formatted(id));

        setQuota(taker, "gigabytes", 0);
        HttpResponse<String> overQuota = cloud.call("POST", takersBase + "/" + id + "/accept", tom,
                "{\"accept\": {\"auth_key\": \"%s\"}}".formatted(key));
        refused(overQuota, 413, "Requested 1G, quota is 0G and 0G has been consumed.");
        assertThat(ids(base, dora, "transfers")).as("nothing changed").containsExactly(id);
        setQuota(taker, "gigabytes", 1000);

        HttpResponse<String> accepted = cloud.call("POST", takersBase + "/" + id + "/accept", tom,
                "{\"accept\": {\"auth_key\": \"%s\"}}".formatted(key));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode taken = JSON.readTree(accepted.body()).path("transfer");
        assertThat(fieldNames(taken)).isEqualTo(SUMMARY);
        assertThat(taken.path("volume_id").asText()).isEqualTo(volume);
        JsonNode moved = ok(cloud.call("GET", "/volume/v3/%s/volumes/%s".formatted(taker, volume), tom, null)).path("volume");
        assertThat(moved.path("status").asText()).isEqualTo("available");
        assertThat(moved.path("os-vol-tenant-attr:tenant_id").asText()).isEqualTo(taker);
        refused(cloud.call("GET", "/volume/v3/%s/volumes/%s".formatted(donor, volume), dora, null), 404, "could not be found");
        assertThat(ids(base, dora, "transfers")).isEmpty();
    }

    @Test
    void laterMicroversionsAddNoSnapshotsAndTheHistoryAndAnOfferOutlivesARestart() throws Exception {
        String project = cloud.project("transfer-versions");
        String vera = member("vera", project);
        String volume = cloud.availableVolume(vera, project);
        String base = "/volume/v3/%s/volume-transfers".formatted(project);
        HttpResponse<String> offered = cloud.call("POST", base, vera,
                "{\"transfer\": {\"volume_id\": \"%s\", \"no_snapshots\": true}}".formatted(volume), version("3.57"));
        assertThat(offered.statusCode()).as(offered.body()).isEqualTo(202);
        JsonNode transfer = JSON.readTree(offered.body()).path("transfer");
        assertThat(fieldNames(transfer)).containsExactlyElementsOf(concat(CREATED, HISTORY));
        assertThat(transfer.path("no_snapshots").asBoolean()).isTrue();
        assertThat(transfer.path("name").isNull()).isTrue();
        assertThat(transfer.path("destination_project_id").isNull()).isTrue();
        assertThat(transfer.path("source_project_id").asText()).isEqualTo(project);
        assertThat(transfer.path("accepted").asBoolean()).isFalse();
        String id = transfer.path("id").asText();

        JsonNode at355 = JSON.readTree(cloud.call("GET", base + "/" + id, vera, null, version("3.55")).body());
        assertThat(fieldNames(at355.path("transfer"))).isEqualTo(concat(DETAIL, List.of("no_snapshots")));
        JsonNode at30 = JSON.readTree(cloud.call("GET", base + "/" + id, vera, null).body());
        assertThat(fieldNames(at30.path("transfer"))).isEqualTo(DETAIL);
        JsonNode paged = JSON.readTree(cloud.call("GET", base + "/detail?limit=1", vera, null, version("3.59")).body());
        assertThat(paged.at("/transfers/0/id").asText()).isEqualTo(id);
        assertThat(paged.at("/transfers_links/0/href").asText()).contains("marker=" + id);

        cloud = cloud.restarted();
        vera = cloud.tokenOf("vera", project);
        assertThat(ok(cloud.call("GET", base + "/" + id, vera, null)).at("/transfer/volume_id").asText())
                .as("kept across a restart").isEqualTo(volume);
        assertThat(cloud.call("DELETE", base + "/" + id, vera, null).statusCode()).isEqualTo(202);
        assertThat(ok(cloud.call("GET", "/volume/v3/%s/volumes/%s".formatted(project, volume), vera, null))
                .at("/volume/status").asText()).isEqualTo("available");
        refused(cloud.call("GET", base + "/" + id, vera, null), 404, "could not be found");
    }

    /** A token of a new member of {@code project}. */
    private static String member(String name, String project) throws Exception {
        cloud.user(name, "member", project);
        return cloud.tokenOf(name, project);
    }

    private static void setQuota(String project, String resource, long limit) throws Exception {
        HttpResponse<String> set = cloud.call("PUT", "/volume/v3/%s/os-quota-sets/%s".formatted(project, project),
                cloud.admin(), "{\"quota_set\": {\"%s\": %d}}".formatted(resource, limit));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    }

    private static Map<String, String> version(String version) {
        return Map.of("OpenStack-API-Version", "volume " + version);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
