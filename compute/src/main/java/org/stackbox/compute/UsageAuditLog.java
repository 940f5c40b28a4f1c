package org.stackbox.compute;

import org.stackbox.compute.model.TaskLog;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * What the usage audit did in one period on every compute host, as Nova's {@code os-instance_usage_audit_log}
 * summarises it: the hosts that finished, those still running, those that never ran, and the instances and errors
 * the runs counted.
 *
 * @param hosts the compute hosts, those that ran no audit included
 * @param logs each host's run for the period
 */
public record UsageAuditLog(AuditPeriod.Period period, Set<String> hosts, List<TaskLog> logs) {
    public UsageAuditLog {
        requireNonNull(period, "period is null");
        hosts = Set.copyOf(hosts);
        logs = List.copyOf(logs);
    }

    public Set<String> hostsDone() {
        return hostsIn(TaskLog.DONE);
    }

    public Set<String> hostsRunning() {
        return hostsIn(TaskLog.RUNNING);
    }

    /** The compute hosts with no run for the period, in order. */
    public Set<String> hostsNotRun() {
        Set<String> missing = new TreeSet<>(hosts);
        logs.forEach(log -> missing.remove(log.host()));
        return missing;
    }

    public int totalInstances() {
        return logs.stream().mapToInt(TaskLog::taskItems).sum();
    }

    public int totalErrors() {
        return logs.stream().mapToInt(TaskLog::errors).sum();
    }

    /** Nova's words: {@code ALL hosts done. 0 errors.} or {@code 0 of 1 hosts done. 0 errors.} */
    public String overallStatus() {
        int done = hostsDone().size();
        return "%s hosts done. %d errors.".formatted(
                done == hosts.size() ? "ALL" : "%d of %d".formatted(done, hosts.size()), totalErrors());
    }

    private Set<String> hostsIn(String state) {
        Set<String> found = new TreeSet<>();
        logs.stream().filter(log -> log.state().equals(state)).forEach(log -> found.add(log.host()));
        return found;
    }
}
