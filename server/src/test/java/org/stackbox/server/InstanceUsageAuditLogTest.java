package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nova's {@code os-instance_usage_audit_log} on a started cloud: the audit that ran at start for last month, shown as
 * tempest's schema has it; a month before that, which no audit ran; the period before a time given with and without
 * a fraction; administrators only; and Nova's 400 for a time it cannot read.
 */
@Timeout(120)
class InstanceUsageAuditLogTest extends InProcessCloudTest {
    private static final List<String> FIELDS = List.of("period_beginning", "period_ending", "num_hosts",
            "num_hosts_done", "num_hosts_running", "num_hosts_not_run", "hosts_not_run", "total_instances",
            "total_errors", "overall_status", "log");

    @Test
    void theAuditThatRanAtStartIsLastMonths() throws Exception {
        LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        JsonNode log = lastMonth();
        assertThat(fieldNames(log)).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertThat(log.path("period_beginning").asText()).isEqualTo(thisMonth.minusMonths(1) + " 00:00:00");
        assertThat(log.path("period_ending").asText()).isEqualTo(thisMonth + " 00:00:00");
        assertThat(log.path("num_hosts").asInt()).isEqualTo(1);
        assertThat(log.path("num_hosts_done").asInt()).isEqualTo(1);
        assertThat(log.path("num_hosts_running").asInt()).isZero();
        assertThat(log.path("num_hosts_not_run").asInt()).isZero();
        assertThat(log.path("hosts_not_run")).isEmpty();
        assertThat(log.path("total_instances").isInt()).isTrue();
        assertThat(log.path("total_errors").asInt()).isZero();
        assertThat(log.path("overall_status").asText()).isEqualTo("ALL hosts done. 0 errors.");
        JsonNode host = log.path("log").path("stackbox");
        assertThat(fieldNames(host)).containsExactlyInAnyOrder("state", "instances", "errors", "message");
        assertThat(host.path("state").asText()).isEqualTo("DONE");
        assertThat(host.path("instances").asInt()).isEqualTo(log.path("total_instances").asInt());
        assertThat(host.path("errors").asInt()).isZero();
        assertThat(host.path("message").asText()).matches(
                "Instance usage audit ran for host stackbox, \\d+ instances in \\d+\\.\\d+ seconds\\.");
    }

    @Test
    void aPeriodBeforeTheAuditsShowsItsHostNotRun() throws Exception {
        LocalDate lastMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);
        for (String before : List.of(lastMonth + "%2012:30:00", lastMonth + "%2012:30:00.25",
                lastMonth.getYear() + "-" + lastMonth.getMonthValue() + "-1%201:2:3")) {
            JsonNode log = ok(cloud.call("GET", "/compute/v2.1/os-instance_usage_audit_log/" + before, cloud.admin(),
                    null)).path("instance_usage_audit_log");
            assertThat(fieldNames(log)).as(before).containsExactlyInAnyOrderElementsOf(FIELDS);
            assertThat(log.path("period_beginning").asText()).isEqualTo(lastMonth.minusMonths(1) + " 00:00:00");
            assertThat(log.path("period_ending").asText()).isEqualTo(lastMonth + " 00:00:00");
            assertThat(log.path("num_hosts_done").asInt()).isZero();
            assertThat(log.path("num_hosts_not_run").asInt()).isEqualTo(1);
            assertThat(log.path("hosts_not_run").toString()).isEqualTo("[\"stackbox\"]");
            assertThat(log.path("total_instances").asInt()).isZero();
            assertThat(log.path("overall_status").asText()).isEqualTo("0 of 1 hosts done. 0 errors.");
            assertThat(log.path("log")).isEmpty();
        }
    }

    @Test
    void onlyAdministratorsSeeTheAuditAndATimeMustBeNovas() throws Exception {
        String project = cloud.project("audit");
        cloud.user("agnes", "member", project);
        String member = cloud.tokenOf("agnes", project);
        refused(cloud.call("GET", "/compute/v2.1/os-instance_usage_audit_log", member, null), 403,
                "os_compute_api:os-instance-usage-audit-log:list");
        refused(cloud.call("GET", "/compute/v2.1/os-instance_usage_audit_log/2026-01-01%2000:00:00", member, null),
                403, "os_compute_api:os-instance-usage-audit-log:show");
        refused(cloud.call("GET", "/compute/v2.1/os-instance_usage_audit_log/2026-13-01%2000:00:00", cloud.admin(),
                null), 400, "Invalid timestamp for date 2026-13-01 00:00:00");
        refused(cloud.call("GET", "/compute/v2.1/os-instance_usage_audit_log/2026-01-01%2000:00:00.1234567",
                cloud.admin(), null), 400, "Invalid timestamp for date 2026-01-01 00:00:00.1234567");
    }

    /** The list, once the audit that the start scheduled has run. */
    private static JsonNode lastMonth() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode log = ok(cloud.call("GET", "/compute/v2.1/os-instance_usage_audit_log", cloud.admin(), null))
                    .path("instance_usage_audit_logs");
            if (log.path("num_hosts_done").asInt() == 1 || System.nanoTime() > deadline) {
                return log;
            }
            Thread.sleep(100);
        }
    }
}
