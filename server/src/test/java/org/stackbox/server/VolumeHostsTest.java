package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cinder's {@code os-hosts} extension as tempest's volume Hosts tests read it: the scheduler's and the volume
 * service's hosts, and per project what the volume host holds; an unknown host is Cinder's 404.
 */
@Timeout(120)
class VolumeHostsTest extends InProcessCloudTest {
    @Test
    void theVolumeHostCountsEachProjectsVolumes() throws Exception {
        String project = cloud.project("hosts");
        cloud.user("hilda", "member", project);
        String token = cloud.tokenOf("hilda", project);
        cloud.availableVolume(token, project);
        cloud.availableVolume(token, project);

        HttpResponse<String> listed = cloud.call("GET", "/volume/v3/%s/os-hosts".formatted(project), cloud.admin(), null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<String> services = new ArrayList<>();
        for (JsonNode host : JSON.readTree(listed.body()).path("hosts")) {
            assertThat(host.path("service-status").asText()).isEqualTo("available");
            assertThat(host.path("service-state").asText()).isEqualTo("enabled");
            assertThat(host.path("zone").asText()).isEqualTo("nova");
            assertThat(host.path("last-update").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
            services.add(host.path("service").asText() + " " + host.path("host_name").asText());
        }
        assertThat(services).containsExactly("cinder-scheduler stackbox", "cinder-volume stackbox@local");

        HttpResponse<String> shown = cloud.call("GET", "/volume/v3/%s/os-hosts/stackbox@local".formatted(project),
                cloud.admin(), null);
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        JsonNode resources = JSON.readTree(shown.body()).path("host");
        assertThat(resources.at("/0/resource/project").asText()).isEqualTo("(total)");
        JsonNode mine = null;
        for (JsonNode resource : resources) {
            if (resource.at("/resource/project").asText().equals(project)) {
                mine = resource.path("resource");
            }
        }
        assertThat(mine).as(shown.body()).isNotNull();
        assertThat(mine.path("volume_count").asText()).isEqualTo("2");
        assertThat(mine.path("total_volume_gb").asText()).isEqualTo("2");
        assertThat(mine.path("snapshot_count").asText()).isEqualTo("0");
        assertThat(mine.path("host").asText()).isEqualTo("stackbox@local");

        assertThat(cloud.call("GET", "/volume/v3/%s/os-hosts/stackbox".formatted(project), cloud.admin(), null)
                .statusCode()).as("the scheduler's host holds no volumes: Cinder's 404").isEqualTo(404);
        assertThat(cloud.call("GET", "/volume/v3/%s/os-hosts".formatted(project), token, null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void theServicesAndThePoolAreCindersAndThePoolHasTheStoresSpace() throws Exception {
        String project = cloud.project("pools");
        cloud.user("paolo", "member", project);
        String token = cloud.tokenOf("paolo", project);
        cloud.availableVolume(token, project);

        JsonNode services = ok(cloud.call("GET", "/volume/v3/%s/os-services".formatted(project), cloud.admin(), null))
                .path("services");
        List<String> names = new ArrayList<>();
        services.forEach(service -> names.add(service.path("binary").asText() + " " + service.path("host").asText()
                + " " + service.path("state").asText() + " " + service.path("status").asText()));
        assertThat(names).containsExactly("cinder-scheduler stackbox up enabled", "cinder-volume stackbox@local up enabled");
        assertThat(ok(cloud.call("GET", "/volume/v3/%s/os-services?binary=cinder-volume".formatted(project),
                cloud.admin(), null)).path("services")).hasSize(1);

        JsonNode pools = ok(cloud.call("GET", "/volume/v3/%s/scheduler-stats/get_pools".formatted(project),
                cloud.admin(), null)).path("pools");
        assertThat(pools).hasSize(1);
        assertThat(pools.get(0).path("name").asText()).isEqualTo("stackbox@local#local");
        assertThat(pools.get(0).has("capabilities")).isFalse();
        JsonNode capabilities = ok(cloud.call("GET", "/volume/v3/%s/scheduler-stats/get_pools?detail=true"
                .formatted(project), cloud.admin(), null)).at("/pools/0/capabilities");
        java.nio.file.FileStore fileStore = java.nio.file.Files.getFileStore(root);
        assertThat(capabilities.path("total_capacity_gb").asLong()).isEqualTo(fileStore.getTotalSpace() >> 30);
        assertThat(capabilities.path("free_capacity_gb").asLong()).isBetween(0L, fileStore.getTotalSpace() >> 30);
        assertThat(capabilities.path("allocated_capacity_gb").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(capabilities.path("thin_provisioning_support").asBoolean()).isTrue();

        refused(cloud.call("GET", "/volume/v3/%s/os-services".formatted(project), token, null), 403,
                "volume_extension:services:index");
        refused(cloud.call("GET", "/volume/v3/%s/scheduler-stats/get_pools".formatted(project), token, null), 403,
                "scheduler_extension:scheduler_stats:get_pools");
    }
}
