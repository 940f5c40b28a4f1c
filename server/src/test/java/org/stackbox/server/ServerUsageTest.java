package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Nova's {@code os-simple-tenant-usage} over real servers: the hours each ran within the period times its flavor,
 * deleted servers until their delete, one project for its readers and all of them for an administrator, paging from
 * 2.40, and the refusals.
 */
@Timeout(300)
class ServerUsageTest extends InProcessCloudTest {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    @Test
    void usageCountsTheHoursEachServerRanTimesItsFlavor() throws Exception {
        String project = cloud.project("usage");
        cloud.user("ursula", "member", project);
        String token = cloud.tokenOf("ursula", project);
        String image = cloud.activeImage(token);
        Instant before = Instant.now().minus(1, ChronoUnit.HOURS);
        String first = cloud.activeServer(token, image);
        String second = cloud.activeServer(token, image);
        Thread.sleep(1500);
        cloud.deleteServer(token, second);
        String period = "?start=%s&end=%s".formatted(time(before), time(Instant.now().plus(1, ChronoUnit.HOURS)));

        JsonNode usage = ok(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + period, token, null))
                .path("tenant_usage");
        assertThat(usage.path("tenant_id").asText()).isEqualTo(project);
        assertThat(usage.path("server_usages")).hasSize(2);
        JsonNode running = usage.path("server_usages").get(0);
        JsonNode deleted = usage.path("server_usages").get(1);
        assertThat(running.path("instance_id").asText()).isEqualTo(first);
        assertThat(running.path("state").asText()).isEqualTo("active");
        assertThat(running.path("ended_at").isNull()).isTrue();
        assertThat(running.path("flavor").asText()).isEqualTo("m1.tiny");
        assertThat(running.path("vcpus").asInt()).isEqualTo(1);
        assertThat(running.path("memory_mb").asInt()).isEqualTo(512);
        assertThat(running.path("local_gb").asInt()).isEqualTo(1);
        assertThat(running.path("hours").asDouble()).isBetween(1.0 / 3600, 0.1);
        assertThat(deleted.path("instance_id").asText()).isEqualTo(second);
        assertThat(deleted.path("state").asText()).isEqualTo("terminated");
        assertThat(deleted.path("ended_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(deleted.path("uptime").asLong()).isGreaterThanOrEqualTo(1);
        double hours = running.path("hours").asDouble() + deleted.path("hours").asDouble();
        assertThat(usage.path("total_hours").asDouble()).isCloseTo(hours, within(1e-9));
        assertThat(usage.path("total_vcpus_usage").asDouble()).isCloseTo(hours, within(1e-9));
        assertThat(usage.path("total_memory_mb_usage").asDouble()).isCloseTo(512 * hours, within(1e-6));
        assertThat(usage.path("total_local_gb_usage").asDouble()).isCloseTo(hours, within(1e-9));

        String earlier = "?start=%s&end=%s".formatted(time(before.minus(2, ChronoUnit.HOURS)), time(before));
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + earlier, token, null))
                .path("tenant_usage")).as("nothing ran then").isEmpty();

        JsonNode all = ok(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage" + period + "&detailed=1",
                cloud.admin(), null)).path("tenant_usages");
        JsonNode ours = null;
        for (JsonNode entry : all) {
            if (entry.path("tenant_id").asText().equals(project)) {
                ours = entry;
            }
        }
        assertThat(ours).isNotNull();
        assertThat(ours.path("server_usages")).hasSize(2);
        assertThat(ok(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage" + period, cloud.admin(), null))
                .at("/tenant_usages/0").has("server_usages")).as("not detailed unless asked").isFalse();

        Map<String, String> paged = Map.of("OpenStack-API-Version", "compute 2.40");
        JsonNode page = ok(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + period + "&limit=1",
                token, null, paged));
        assertThat(page.at("/tenant_usage/server_usages")).hasSize(1);
        assertThat(page.at("/tenant_usage_links/0/href").asText()).contains("marker=" + first);
        JsonNode rest = ok(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + period
                + "&marker=" + first, token, null, paged));
        assertThat(rest.at("/tenant_usage/server_usages/0/instance_id").asText()).isEqualTo(second);

        refused(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + period
                + "&marker=5b1f0e3a-0000-4000-8000-000000000000", token, null, paged), 400, "could not be found");
        refused(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + "?start=%s&end=%s"
                .formatted(time(Instant.now()), time(before)), token, null), 400, "The start time cannot occur after");
        refused(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + "?start=yesterday", token, null),
                400, "Invalid datetime string");
        String other = cloud.project("usage-other");
        cloud.user("oswald", "member", other);
        refused(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage/" + project + period,
                cloud.tokenOf("oswald", other), null), 403, "os_compute_api:os-simple-tenant-usage:show");
        refused(cloud.call("GET", "/compute/v2.1/os-simple-tenant-usage" + period, token, null), 403,
                "os_compute_api:os-simple-tenant-usage:list");
        cloud.deleteServer(token, first);
    }

    private static String time(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
