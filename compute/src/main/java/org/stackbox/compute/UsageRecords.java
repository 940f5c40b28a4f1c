package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the usage audit puts each server's {@code compute.instance.exists} record (Nova's notification of that name):
 * by default the log {@value #LOGGER}, one JSON line per server, for an operator's billing to collect.
 */
@FunctionalInterface
public interface UsageRecords {
    String EVENT = "compute.instance.exists";
    String LOGGER = "org.stackbox.compute.usage";

    /** Records that the server existed in the period; a failure counts as one of the audit's errors. */
    void exists(ServerUsages.ServerUsage usage, AuditPeriod.Period period);

    static UsageRecords logged() {
        Logger log = LoggerFactory.getLogger(LOGGER);
        return (usage, period) -> log.info("{} {}", EVENT, Json.write(payload(usage, period)));
    }

    /** Nova's usage payload, as far as Stackbox has its fields, with the hours the server ran in the period. */
    static Map<String, Object> payload(ServerUsages.ServerUsage usage, AuditPeriod.Period period) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event_type", EVENT);
        payload.put("tenant_id", usage.server().projectId());
        payload.put("instance_id", usage.server().id());
        payload.put("display_name", usage.server().name());
        payload.put("instance_type", usage.flavorName());
        payload.put("instance_type_id", usage.server().flavorId());
        payload.put("vcpus", usage.vcpus());
        payload.put("memory_mb", usage.memoryMib());
        payload.put("disk_gb", usage.localGib());
        payload.put("state", usage.server().deletedAt() != null ? "deleted" : usage.server().status().vmState());
        payload.put("launched_at", shown(usage.server().launchedAt()));
        payload.put("deleted_at", usage.server().deletedAt() == null ? "" : shown(usage.server().deletedAt()));
        payload.put("audit_period_beginning", shown(period.beginning()));
        payload.put("audit_period_ending", shown(period.ending()));
        payload.put("hours", usage.hours());
        return payload;
    }

    private static String shown(Instant instant) {
        return instant.toString();
    }
}
