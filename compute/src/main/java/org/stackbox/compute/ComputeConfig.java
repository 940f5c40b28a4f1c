package org.stackbox.compute;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How the compute service waits.
 *
 * @param shutdownTimeout how long a clean stop waits for the guest before stopping it (Nova's
 *     {@code shutdown_timeout}; the image property {@code os_shutdown_timeout} overrides it per server)
 * @param detachTimeout how long a detach waits for a running guest to release the disk
 * @param volumeTimeout how long a volume made for a server may take to become available
 * @param powerSyncInterval how often the power states of running servers are checked (a guest that powered itself
 *     off becomes SHUTOFF)
 * @param usageAudit whether the instance usage audit runs (Nova's {@code instance_usage_audit}; on by default here,
 *     where it is one cheap query a period)
 * @param usageAuditPeriod the audit's period (Nova's {@code instance_usage_audit_period}, by default a month); the
 *     {@code os-instance_usage_audit_log} API reads its periods even when the audit is off
 */
public record ComputeConfig(Duration shutdownTimeout, Duration detachTimeout, Duration volumeTimeout,
                            Duration powerSyncInterval, boolean usageAudit, AuditPeriod usageAuditPeriod) {
    public ComputeConfig {
        requireNonNull(shutdownTimeout, "shutdownTimeout is null");
        requireNonNull(detachTimeout, "detachTimeout is null");
        requireNonNull(volumeTimeout, "volumeTimeout is null");
        requireNonNull(powerSyncInterval, "powerSyncInterval is null");
        requireNonNull(usageAuditPeriod, "usageAuditPeriod is null");
    }

    public static ComputeConfig defaults() {
        return new ComputeConfig(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofSeconds(2), true, AuditPeriod.monthly());
    }

    public ComputeConfig withUsageAudit(boolean enabled, AuditPeriod period) {
        return new ComputeConfig(shutdownTimeout, detachTimeout, volumeTimeout, powerSyncInterval, enabled, period);
    }
}
