package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's quota class sets ({@code /v2.1/os-quota-class-sets/{id}}): the fields each microversion shows, an
 * administrator's change of the {@code default} class becoming the defaults of projects without quotas of their own
 * (and not of those with their own), and the refusals of members and of bad values.
 */
@Timeout(120)
class QuotaClassSetTest extends InProcessCloudTest {
    private static final String DEFAULT_CLASS = "/compute/v2.1/os-quota-class-sets/default";

    @Test
    void eachMicroversionShowsItsFields() throws Exception {
        JsonNode old = ok(call("GET", DEFAULT_CLASS, cloud.admin(), null, "2.1")).path("quota_class_set");
        assertThat(fieldNames(old)).containsExactlyInAnyOrder("id", "instances", "cores", "ram", "metadata_items",
                "key_pairs", "injected_files", "injected_file_content_bytes", "injected_file_path_bytes",
                "fixed_ips", "floating_ips", "security_groups", "security_group_rules");
        assertThat(old.path("id").asText()).isEqualTo("default");
        JsonNode v250 = ok(call("GET", DEFAULT_CLASS, cloud.admin(), null, "2.50")).path("quota_class_set");
        assertThat(fieldNames(v250)).containsExactlyInAnyOrder("id", "instances", "cores", "ram", "metadata_items",
                "key_pairs", "injected_files", "injected_file_content_bytes", "injected_file_path_bytes",
                "server_groups", "server_group_members");
        JsonNode v257 = ok(call("GET", DEFAULT_CLASS, cloud.admin(), null, "2.57")).path("quota_class_set");
        assertThat(fieldNames(v257)).containsExactlyInAnyOrder("id", "instances", "cores", "ram", "metadata_items",
                "key_pairs", "server_groups", "server_group_members");
        assertThat(v257.path("key_pairs").asLong()).isEqualTo(100);
    }

    @Test
    void theDefaultClassIsTheDefaultOfProjectsWithoutTheirOwnQuota() throws Exception {
        String own = cloud.project("qc-own");
        HttpResponse<String> set = call("PUT", "/compute/v2.1/os-quota-sets/" + own, cloud.admin(),
                "{\"quota_set\": {\"instances\": 3}}", "2.1");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        JsonNode updated = ok(call("PUT", DEFAULT_CLASS, cloud.admin(),
                "{\"quota_class_set\": {\"instances\": 7, \"cores\": \"9\", \"ram\": -1}}", "2.57"))
                .path("quota_class_set");
        assertThat(updated.has("id")).as("the update's answer has no id").isFalse();
        assertThat(updated.path("instances").asLong()).isEqualTo(7);
        assertThat(updated.path("cores").asLong()).isEqualTo(9);
        assertThat(updated.path("ram").asLong()).isEqualTo(-1);
        assertThat(ok(call("GET", DEFAULT_CLASS, cloud.admin(), null, "2.57")).at("/quota_class_set/instances")
                .asLong()).isEqualTo(7);

        String fresh = cloud.project("qc-fresh");
        cloud.user("quinn", "member", fresh);
        String token = cloud.tokenOf("quinn", fresh);
        JsonNode quotas = ok(call("GET", "/compute/v2.1/os-quota-sets/" + fresh, token, null, "2.57"))
                .path("quota_set");
        assertThat(quotas.path("instances").asLong()).isEqualTo(7);
        assertThat(quotas.path("cores").asLong()).isEqualTo(9);
        assertThat(quotas.path("ram").asLong()).isEqualTo(-1);
        assertThat(quotas.path("key_pairs").asLong()).as("unchanged by the class").isEqualTo(100);
        assertThat(ok(call("GET", "/compute/v2.1/os-quota-sets/%s/defaults".formatted(fresh), token, null, "2.57"))
                .at("/quota_set/instances").asLong()).isEqualTo(7);
        assertThat(ok(call("GET", "/compute/v2.1/limits", token, null, "2.57")).at("/limits/absolute/maxTotalCores")
                .asLong()).isEqualTo(9);
        JsonNode owned = ok(call("GET", "/compute/v2.1/os-quota-sets/" + own, cloud.admin(), null, "2.57"))
                .path("quota_set");
        assertThat(owned.path("instances").asLong()).as("the project's own limit stays").isEqualTo(3);
        assertThat(owned.path("cores").asLong()).isEqualTo(9);

        ok(call("PUT", DEFAULT_CLASS, cloud.admin(),
                "{\"quota_class_set\": {\"instances\": 10, \"cores\": 20, \"ram\": 51200}}", "2.57"));
        assertThat(ok(call("GET", "/compute/v2.1/os-quota-sets/" + fresh, token, null, "2.57"))
                .at("/quota_set/instances").asLong()).isEqualTo(10);
    }

    @Test
    void membersAndBadValuesAreRefused() throws Exception {
        String project = cloud.project("qc-member");
        cloud.user("mila", "member", project);
        String token = cloud.tokenOf("mila", project);
        refused(call("GET", DEFAULT_CLASS, token, null, "2.57"), 403, "os_compute_api:os-quota-class-sets:show");
        refused(call("PUT", DEFAULT_CLASS, token, "{\"quota_class_set\": {\"instances\": 1}}", "2.57"), 403,
                "os_compute_api:os-quota-class-sets:update");
        refused(call("PUT", DEFAULT_CLASS, cloud.admin(), "{\"quota_class_set\": {\"instances\": -2}}", "2.57"), 400,
                "-2 is less than the minimum of -1");
        refused(call("PUT", DEFAULT_CLASS, cloud.admin(), "{\"quota_class_set\": {\"instances\": \"many\"}}", "2.57"),
                400, "'many' does not match '^-?[0-9]+$'");
        refused(call("PUT", DEFAULT_CLASS, cloud.admin(), "{\"quota_class_set\": {\"floating_ips\": 1}}", "2.50"),
                400, "Additional properties are not allowed ('floating_ips' was unexpected)");
        refused(call("PUT", DEFAULT_CLASS, cloud.admin(), "{\"quota_class_set\": {\"injected_files\": 1}}", "2.57"),
                400, "Additional properties are not allowed ('injected_files' was unexpected)");
        refused(call("PUT", DEFAULT_CLASS, cloud.admin(), "{\"quota_class_set\": {\"instances\": 2147483648}}",
                "2.57"), 400, "is greater than the maximum of 2147483647");
        refused(call("PUT", DEFAULT_CLASS, cloud.admin(), "{\"instances\": 1}", "2.57"), 400,
                "'quota_class_set' is a required property");
        refused(call("PUT", "/compute/v2.1/os-quota-class-sets/" + "c".repeat(256), cloud.admin(),
                "{\"quota_class_set\": {}}", "2.57"), 400, "quota_class_name has 256 characters, more than 255.");
        JsonNode unchanged = ok(call("GET", DEFAULT_CLASS, cloud.admin(), null, "2.1")).path("quota_class_set");
        assertThat(unchanged.path("floating_ips").asLong()).as("unchanged by the refusals").isEqualTo(10);
    }

    @Test
    void cindersDefaultClassIsTheVolumeDefaultOfProjectsWithoutTheirOwnQuota() throws Exception {
        String admin = cloud.admin();
        String adminProject = JSON.readTree(cloud.call("GET", "/identity/v3/auth/tokens", admin, null,
                Map.of("X-Subject-Token", admin)).body()).at("/token/project/id").asText();
        String classPath = "/volume/v3/" + adminProject + "/os-quota-class-sets/default";
        JsonNode shown = ok(cloud.call("GET", classPath, admin, null)).path("quota_class_set");
        assertThat(shown.path("id").asText()).isEqualTo("default");
        assertThat(shown.path("volumes").asLong()).isEqualTo(10);
        JsonNode updated = ok(cloud.call("PUT", classPath, admin, "{\"quota_class_set\": {\"volumes\": 7}}"))
                .path("quota_class_set");
        assertThat(updated.path("volumes").asLong()).isEqualTo(7);
        assertThat(updated.path("snapshots").asLong()).isEqualTo(10);

        String fresh = cloud.project("qc-volumes");
        assertThat(ok(cloud.call("GET", "/volume/v3/" + adminProject + "/os-quota-sets/" + fresh, admin, null))
                .at("/quota_set/volumes").asLong()).isEqualTo(7);
        assertThat(ok(cloud.call("GET", "/volume/v3/" + adminProject + "/os-quota-sets/" + fresh + "/defaults", admin,
                null)).at("/quota_set/volumes").asLong()).isEqualTo(7);

        cloud.user("vera", "member", fresh);
        String member = cloud.tokenOf("vera", fresh);
        refused(cloud.call("GET", "/volume/v3/" + fresh + "/os-quota-class-sets/default", member, null), 403,
                "volume_extension:quota_classes");
        refused(cloud.call("PUT", classPath, admin, "{\"quota_class_set\": {\"volumes\": \"many\"}}"), 400,
                "volumes must be an integer");
        refused(cloud.call("PUT", classPath, admin, "{\"quota_class_set\": {\"volumes\": -2}}"), 400,
                "volumes must be >= -1");
        refused(cloud.call("PUT", classPath, admin, "{\"quota_class_set\": {\"snapshots\": 3, \"teapots\": 1}}"),
                400, "Bad key(s) in quota set: teapots");
        assertThat(ok(cloud.call("GET", classPath, admin, null)).at("/quota_class_set/snapshots").asLong())
                .as("a refused update changes nothing").isEqualTo(10);
        ok(cloud.call("PUT", classPath, admin, "{\"quota_class_set\": {\"volumes\": 10}}"));
    }

    private static HttpResponse<String> call(String method, String path, String token, String body, String version)
            throws Exception {
        return cloud.call(method, path, token, body, Map.of("OpenStack-API-Version", "compute " + version));
    }
}
