package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.Authorization;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.compute.ServerUsages;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code os-simple-tenant-usage}: every project's usage over a period for an administrator, one project's for its
 * readers ({@code openstack usage list}, {@code usage show}), with Nova's period parsing, its views, and from 2.40
 * paging by server ({@code limit}, {@code marker}, {@code tenant_usages_links}).
 */
final class UsageRoutes {
    private static final String BASE = "/v2.1/os-simple-tenant-usage";
    private static final String RULE = "os_compute_api:os-simple-tenant-usage:";
    private static final int MAX_LIMIT = 1000;
    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));

    private final ServerUsages usages;
    private final MicroversionNegotiator versions;
    private final String computeUrl;
    private final Clock clock;

    UsageRoutes(ServerUsages usages, MicroversionNegotiator versions, String computeUrl, Clock clock) {
        this.usages = requireNonNull(usages, "usages is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, RULE + "list", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            boolean detailed = "1".equals(context.queryParam("detailed"));
            Page page = page(context, version, Set.of("start", "end", "detailed"));
            List<ServerUsages.ProjectUsage> found = usages.between(Optional.empty(), page.start(), page.end(),
                    page.limit(), page.marker());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenant_usages", found.stream().map(usage -> (Object) view(usage, detailed)).toList());
            next(context, version, found, page, BASE).ifPresent(link -> body.put("tenant_usages_links", link));
            Responses.ok(context, body);
        });
        // The project in the path is the target, as Nova checks the rule against it.
        Authorization.Target usageProject = (context, caller) -> Map.of("project_id", context.pathParam("project"));
        routes.get(BASE + "/{project}", Authorization.rule(RULE + "show", usageProject), (context, caller) -> {
            Microversion version = versions.negotiate(context);
            String project = context.pathParam("project");
            Page page = page(context, version, Set.of("start", "end"));
            List<ServerUsages.ProjectUsage> found = usages.between(Optional.of(project), page.start(), page.end(),
                    page.limit(), page.marker());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenant_usage", found.isEmpty() ? Map.of() : view(found.get(0), true));
            next(context, version, found, page, BASE + "/" + project)
                    .ifPresent(link -> body.put("tenant_usage_links", link));
            Responses.ok(context, body);
        });
    }

    /** The period and the page a request asks for. */
    private record Page(Instant start, Instant end, int limit, Optional<String> marker) {}

    private Page page(Context context, Microversion version, Set<String> known) {
        boolean paged = version.atLeast(2, 40);
        NovaListQuery query = new NovaListQuery(context);
        if (version.atLeast(2, 75)) {
            Set<String> allowed = new java.util.HashSet<>(known);
            allowed.addAll(Set.of("limit", "marker"));
            query.onlyKnown(allowed);
        }
        Integer limit = paged ? query.digits("limit").limit() : null;
        return new Page(time(context.queryParam("start")), time(context.queryParam("end")),
                limit == null ? MAX_LIMIT : Math.min(limit, MAX_LIMIT),
                paged ? Optional.ofNullable(context.queryParam("marker")) : Optional.empty());
    }

    /** Nova's three accepted formats, in UTC; none given is now. */
    private Instant time(String text) {
        if (text == null || text.isEmpty()) {
            return clock.instant();
        }
        for (DateTimeFormatter format : FORMATS) {
            try {
                return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException tryNext) {
                // the next format
            }
        }
        throw ApiException.badRequest("Invalid datetime string: Datetime is in invalid format");
    }

    private Optional<List<Map<String, String>>> next(Context context, Microversion version,
                                                     List<ServerUsages.ProjectUsage> found, Page page, String path) {
        List<ServerUsages.ServerUsage> servers = found.stream().flatMap(usage -> usage.servers().stream()).toList();
        if (!version.atLeast(2, 40) || page.limit() == 0 || servers.size() != page.limit()) {
            return Optional.empty();
        }
        String last = servers.get(servers.size() - 1).server().id();
        return Optional.of(List.of(Map.of("rel", "next",
                "href", new NovaListQuery(context).nextHref(computeUrl + path, last))));
    }

    private static Map<String, Object> view(ServerUsages.ProjectUsage usage, boolean detailed) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tenant_id", usage.projectId());
        if (detailed) {
            view.put("server_usages", usage.servers().stream().map(server -> (Object) view(server)).toList());
        }
        view.put("total_local_gb_usage", usage.localGibHours());
        view.put("total_vcpus_usage", usage.vcpuHours());
        view.put("total_memory_mb_usage", usage.memoryMibHours());
        view.put("total_hours", usage.hours());
        view.put("start", shown(usage.start()));
        view.put("stop", shown(usage.stop()));
        return view;
    }

    private static Map<String, Object> view(ServerUsages.ServerUsage usage) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("hours", usage.hours());
        view.put("flavor", usage.flavorName());
        view.put("instance_id", usage.server().id());
        view.put("name", usage.server().name());
        view.put("tenant_id", usage.server().projectId());
        view.put("memory_mb", usage.memoryMib());
        view.put("local_gb", usage.localGib());
        view.put("vcpus", usage.vcpus());
        view.put("started_at", shown(usage.server().launchedAt()));
        view.put("ended_at", usage.server().deletedAt() == null ? null : shown(usage.server().deletedAt()));
        view.put("state", usage.server().deletedAt() != null ? "terminated" : usage.server().status().vmState());
        view.put("uptime", usage.uptimeSeconds());
        return view;
    }

    private static String shown(Instant instant) {
        return ComputeViews.microsTime(instant);
    }
}
