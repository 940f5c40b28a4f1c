package org.stackbox.compute.http;

import org.stackbox.api.ApiException;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.compute.InstanceUsageAudit;
import org.stackbox.compute.UsageAuditLog;
import org.stackbox.compute.model.TaskLog;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * {@code os-instance_usage_audit_log}, for administrators: the usage audit's runs in the period last completed now or
 * before a time ({@code nova instance-usage-audit-log [--before]}), summarised as Nova's API does.
 */
final class UsageAuditRoutes {
    private static final String BASE = "/v2.1/os-instance_usage_audit_log";
    private static final String RULE = "os_compute_api:os-instance-usage-audit-log:";
    /**
     * What Python's {@code strptime} takes for {@code %Y-%m-%d %H:%M:%S} and, with a dot, {@code .%f}: one- or
     * two-digit fields, whitespace for the space.
     */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])\\s+"
                    + "(2[0-3]|[01]\\d|\\d):([0-5]\\d|\\d):(6[01]|[0-5]\\d|\\d)(?:\\.(\\d{1,6}))?");
    private static final DateTimeFormatter PYTHON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final InstanceUsageAudit audit;
    private final MicroversionNegotiator versions;

    UsageAuditRoutes(InstanceUsageAudit audit, MicroversionNegotiator versions) {
        this.audit = requireNonNull(audit, "audit is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, RULE + "list", (context, caller) -> {
            versions.negotiate(context);
            Responses.ok(context, Map.of("instance_usage_audit_logs", view(audit.log())));
        });
        routes.get(BASE + "/{before}", RULE + "show", (context, caller) -> {
            versions.negotiate(context);
            Instant before = before(context.pathParam("before"));
            Responses.ok(context, Map.of("instance_usage_audit_log", view(audit.log(before))));
        });
    }

    /** Nova's two formats, read in UTC. */
    static Instant before(String text) {
        Matcher match = TIMESTAMP.matcher(text);
        if (match.matches()) {
            try {
                String fraction = match.group(7) == null ? "0" : (match.group(7) + "00000").substring(0, 6);
                return LocalDateTime.of(Integer.parseInt(match.group(1)), Integer.parseInt(match.group(2)),
                        Integer.parseInt(match.group(3).trim()), Integer.parseInt(match.group(4)),
                        Integer.parseInt(match.group(5)), Integer.parseInt(match.group(6)),
                        Integer.parseInt(fraction) * 1000).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException noSuchDay) {
                // Nova's ValueError, as for a text that does not match
            }
        }
        throw ApiException.badRequest("Invalid timestamp for date %s", text);
    }

    private static Map<String, Object> view(UsageAuditLog found) {
        Map<String, Object> hosts = new LinkedHashMap<>();
        for (TaskLog log : found.logs()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("state", log.state());
            run.put("instances", log.taskItems());
            run.put("errors", log.errors());
            run.put("message", log.message());
            hosts.put(log.host(), run);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("period_beginning", python(found.period().beginning()));
        view.put("period_ending", python(found.period().ending()));
        view.put("num_hosts", found.hosts().size());
        view.put("num_hosts_done", found.hostsDone().size());
        view.put("num_hosts_running", found.hostsRunning().size());
        view.put("num_hosts_not_run", found.hostsNotRun().size());
        view.put("hosts_not_run", List.copyOf(found.hostsNotRun()));
        view.put("total_instances", found.totalInstances());
        view.put("total_errors", found.totalErrors());
        view.put("overall_status", found.overallStatus());
        view.put("log", hosts);
        return view;
    }

    /** Python's {@code str()} of a naive datetime: the periods begin and end on whole seconds. */
    private static String python(Instant instant) {
        return PYTHON_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
