package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.ComputeHost;
import org.stackbox.compute.HostCapacity;
import org.stackbox.compute.ServerCreation;
import org.stackbox.compute.model.Server;
import org.stackbox.virt.HypervisorDescription;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The operator's views of this host, as Nova shows its compute nodes: {@code os-hypervisors} (list, detail, one,
 * statistics, with their servers) and {@code os-services}. Ids are integers before 2.53 and UUIDs from it.
 */
final class HostRoutes {
    private static final String HYPERVISORS = "/v2.1/os-hypervisors";
    private static final String RULE = "os_compute_api:os-hypervisors:";
    private static final String LEGACY_ID = "1";

    private final ComputeHost host;
    private final MicroversionNegotiator versions;

    HostRoutes(ComputeHost host, MicroversionNegotiator versions) {
        this.host = requireNonNull(host, "host is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(HYPERVISORS, RULE + "list", (context, caller) -> hypervisors(context, false));
        routes.get(HYPERVISORS + "/detail", RULE + "list-detail", (context, caller) -> hypervisors(context, true));
        routes.get(HYPERVISORS + "/statistics", RULE + "statistics", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            if (version.atLeast(2, 88)) {
                throw ServiceException.notFound("The resource could not be found.");
            }
            Map<String, Object> statistics = new LinkedHashMap<>();
            statistics.put("count", 1);
            statistics.putAll(resources());
            Responses.ok(context, Map.of("hypervisor_statistics", statistics));
        });
        routes.get(HYPERVISORS + "/{id}", RULE + "show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            String id = context.pathParam("id");
            if (!id.equals(idAt(version))) {
                throw ServiceException.notFound("Hypervisor with ID %s could not be found.", id);
            }
            Responses.ok(context, Map.of("hypervisor", hypervisor(version, true, withServers(context, version))));
        });
        routes.get("/v2.1/os-services", "os_compute_api:os-services:list", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("id", version.atLeast(2, 53) ? ComputeHost.UUID_OF_HOST : 1);
            service.put("binary", "nova-compute");
            service.put("disabled_reason", null);
            service.put("host", HostCapacity.HOST_NAME);
            service.put("state", "up");
            service.put("status", "enabled");
            service.put("updated_at", ComputeViews.usageTime(host.started()));
            service.put("zone", ServerCreation.AVAILABILITY_ZONE);
            if (version.atLeast(2, 11)) {
                service.put("forced_down", false);
            }
            boolean matches = matches(context.queryParam("host"), HostCapacity.HOST_NAME)
                    && matches(context.queryParam("binary"), "nova-compute");
            Responses.ok(context, Map.of("services", matches ? List.of(service) : List.of()));
        });
    }

    private void hypervisors(Context context, boolean detail) {
        Microversion version = versions.negotiate(context);
        String pattern = context.queryParam("hypervisor_hostname_pattern");
        if (pattern != null && !HostCapacity.HOST_NAME.contains(pattern)) {
            throw ServiceException.notFound("No hypervisor matching '%s' could be found.", pattern);
        }
        Responses.ok(context, Map.of("hypervisors", List.of(hypervisor(version, detail, withServers(context, version)))));
    }

    private static boolean withServers(Context context, Microversion version) {
        String value = context.queryParam("with_servers");
        if (value == null || !version.atLeast(2, 53)) {
            return false;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiException.badRequest("Invalid input for query parameters with_servers. Value: %s. "
                    + "'%s' is not one of ['True', 'true', '1', 'Yes', 'yes', 'On', 'on', 'False', 'false', '0', "
                    + "'No', 'no', 'Off', 'off']", value, value);
        };
    }

    private static String idAt(Microversion version) {
        return version.atLeast(2, 53) ? ComputeHost.UUID_OF_HOST : LEGACY_ID;
    }

    private Map<String, Object> hypervisor(Microversion version, boolean detail, boolean withServers) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", version.atLeast(2, 53) ? ComputeHost.UUID_OF_HOST : 1);
        view.put("hypervisor_hostname", HostCapacity.HOST_NAME);
        view.put("state", "up");
        view.put("status", "enabled");
        if (detail) {
            HypervisorDescription description = host.description();
            view.put("hypervisor_type", description.type());
            view.put("hypervisor_version", description.version());
            view.put("host_ip", HostCapacity.HOST_IP);
            view.put("service", Map.of("id", version.atLeast(2, 53) ? ComputeHost.UUID_OF_HOST : 1,
                    "host", HostCapacity.HOST_NAME, "disabled_reason", ""));
            if (!version.atLeast(2, 88)) {
                view.putAll(resources());
                view.put("cpu_info", version.atLeast(2, 28) ? Map.of() : "{}");
            } else {
                view.put("uptime", null);
            }
        }
        if (withServers) {
            view.put("servers", host.servers().stream().map(server -> Map.of("name", server.name(), "uuid", server.id()))
                    .toList());
        }
        return view;
    }

    /** The figures Nova's hypervisor statistics and details show before 2.88. */
    private Map<String, Object> resources() {
        HostCapacity.Resources total = host.total();
        HostCapacity.Resources used = host.used();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("vcpus", total.vcpus());
        figures.put("memory_mb", total.memoryMib());
        figures.put("local_gb", total.diskGib());
        figures.put("vcpus_used", used.vcpus());
        figures.put("memory_mb_used", used.memoryMib());
        figures.put("local_gb_used", used.diskGib());
        figures.put("free_ram_mb", total.memoryMib() - used.memoryMib());
        figures.put("free_disk_gb", total.diskGib() - used.diskGib());
        figures.put("current_workload", 0);
        figures.put("running_vms", host.servers().size());
        figures.put("disk_available_least", total.diskGib() - used.diskGib());
        return figures;
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.equals(value);
    }
}
