package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.compute.model.TaskLog;
import org.stackbox.compute.store.TaskLogRepository;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Nova's instance usage audit ({@code ComputeManager._instance_usage_audit}): once per audit period, for the period
 * last completed, the host records in the task log that it ran, counts the servers that ran in the period (deleted
 * ones too) and puts one {@code compute.instance.exists} record per server into {@link UsageRecords}. The task log's
 * unique key keeps a period from being audited twice on a host, across restarts. It also reads the task log back as
 * the {@code os-instance_usage_audit_log} API shows it.
 */
public final class InstanceUsageAudit {
    public static final String TASK_NAME = "instance_usage_audit";
    private static final Logger LOG = LoggerFactory.getLogger(InstanceUsageAudit.class);
    private static final int PAGE = 1000;
    /** How long after a period's end the timer runs, so that the period is complete by every clock reading. */
    private static final Duration AFTER_THE_END = Duration.ofSeconds(1);

    private final TaskLogRepository taskLogs;
    private final ServerUsages usages;
    private final UsageRecords records;
    private final AuditPeriod period;
    private final String host;
    private final Clock clock;

    public InstanceUsageAudit(TaskLogRepository taskLogs, ServerUsages usages, UsageRecords records,
                              AuditPeriod period, String host, Clock clock) {
        this.taskLogs = requireNonNull(taskLogs, "taskLogs is null");
        this.usages = requireNonNull(usages, "usages is null");
        this.records = requireNonNull(records, "records is null");
        this.period = requireNonNull(period, "period is null");
        this.host = requireNonNull(host, "host is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Audits the period last completed, unless this host already began its audit; the run's task log when it ran.
     * A failure to record one server counts as an error of the run, and the others are still recorded.
     */
    public Optional<TaskLog> run() {
        return run(clock.instant());
    }

    private Optional<TaskLog> run(Instant now) {
        AuditPeriod.Period audited = period.lastCompleted(now);
        if (taskLogs.find(TASK_NAME, host, audited.beginning(), audited.ending()).isPresent()) {
            return Optional.empty();
        }
        List<ServerUsages.ServerUsage> servers = serversIn(audited);
        LOG.info("Running instance usage audit for host {} from {} to {}. {} instances.", host,
                audited.beginning(), audited.ending(), servers.size());
        long started = System.nanoTime();
        if (!taskLogs.begin(TASK_NAME, host, audited.beginning(), audited.ending(), servers.size(),
                "Instance usage audit started...", clock.instant())) {
            LOG.info("The instance usage audit for host {} from {} to {} is already running", host,
                    audited.beginning(), audited.ending());
            return Optional.empty();
        }
        int errors = 0;
        for (ServerUsages.ServerUsage server : servers) {
            try {
                records.exists(server, audited);
            } catch (RuntimeException e) {
                LOG.warn("Failed to generate usage audit for instance {} on host {}: {}", server.server().id(), host,
                        e.toString());
                errors++;
            }
        }
        String seconds = BigDecimal.valueOf((System.nanoTime() - started) / 1e9).toPlainString();
        String message = "Instance usage audit ran for host %s, %d instances in %s seconds.".formatted(host,
                servers.size(), seconds);
        taskLogs.end(TASK_NAME, host, audited.beginning(), audited.ending(), errors, message, clock.instant());
        return taskLogs.find(TASK_NAME, host, audited.beginning(), audited.ending());
    }

    /** Runs the audit now, then again just after each period ends, on {@code timer}. */
    public void start(ScheduledExecutorService timer) {
        requireNonNull(timer, "timer is null");
        schedule(timer, Duration.ZERO);
    }

    /** The audit log of the period last completed now. */
    public UsageAuditLog log() {
        return log(clock.instant());
    }

    /** The audit log of the period last completed before {@code before}, on this cloud's compute hosts. */
    public UsageAuditLog log(Instant before) {
        AuditPeriod.Period shown = period.lastCompleted(before);
        return new UsageAuditLog(shown, Set.of(host), taskLogs.all(TASK_NAME, shown.beginning(), shown.ending()));
    }

    private void schedule(ScheduledExecutorService timer, Duration delay) {
        try {
            timer.schedule(() -> {
                // One reading of the clock for the period audited and the next: none is skipped between them.
                Instant now = clock.instant();
                try {
                    run(now);
                } catch (RuntimeException e) {
                    LOG.warn("Instance usage audit failed: {}", e.toString());
                }
                schedule(timer, Duration.between(now, period.nextEnding(now)).plus(AFTER_THE_END));
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // The compute service is stopping.
        }
    }

    private List<ServerUsages.ServerUsage> serversIn(AuditPeriod.Period audited) {
        List<ServerUsages.ServerUsage> found = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        while (true) {
            List<ServerUsages.ServerUsage> page = usages.servers(audited.beginning(), audited.ending(), PAGE, marker);
            found.addAll(page);
            if (page.size() < PAGE) {
                return found;
            }
            marker = Optional.of(page.get(page.size() - 1).server().id());
        }
    }
}
