package org.stackbox.volume.http;

import org.stackbox.api.ApiException;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.storage.block.StoreCapacity;
import org.stackbox.volume.VolumeService;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.Volume;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Cinder's views of its hosts, for administrators: {@code os-hosts} (the hosts of the block storage services, the
 * scheduler's and the volume service's, both in this process, so both up and enabled, and what the volume host holds,
 * in total and per project), {@code os-services} (those two services) and the scheduler's
 * {@code scheduler-stats/get_pools} (the one pool, with the capacity of the file system the volumes are on).
 */
final class HostRoutes {
    /** The volume service's host as Cinder names it, {@code host@backend}; a volume's host adds {@code #pool}. */
    static final String VOLUME_HOST = "stackbox@local";
    private static final String SCHEDULER_HOST = "stackbox";
    private static final String RULE = "volume_extension:hosts";
    private static final String POOL = VOLUME_HOST + "#local";
    private static final long GIBIBYTE = 1L << 30;

    private final VolumeService volumes;

    HostRoutes(VolumeService volumes) {
        this.volumes = requireNonNull(volumes, "volumes is null");
    }

    void register(ServiceRoutes routes) {
        routes.get("/v3/{project}/os-hosts", RULE, (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            String zone = context.queryParam("zone");
            List<Map<String, Object>> hosts = new ArrayList<>();
            if (zone == null || zone.isEmpty() || zone.equals(VolumeService.AVAILABILITY_ZONE)) {
                Instant now = Instant.now();
                hosts.add(host(SCHEDULER_HOST, "cinder-scheduler", now));
                hosts.add(host(VOLUME_HOST, "cinder-volume", now));
            }
            Responses.ok(context, Map.of("hosts", hosts));
        });
        routes.get("/v3/{project}/os-services", "volume_extension:services:index", (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Instant now = Instant.now();
            List<Map<String, Object>> services = new ArrayList<>();
            for (Map<String, Object> service : List.of(service("cinder-scheduler", SCHEDULER_HOST, now),
                    service("cinder-volume", VOLUME_HOST, now))) {
                String host = context.queryParam("host");
                String binary = context.queryParam("binary");
                if ((host == null || host.equals(service.get("host"))) && (binary == null
                        || binary.equals(service.get("binary")))) {
                    services.add(service);
                }
            }
            Responses.ok(context, Map.of("services", services));
        });
        routes.get("/v3/{project}/scheduler-stats/get_pools", "scheduler_extension:scheduler_stats:get_pools",
                (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("name", POOL);
            if ("true".equalsIgnoreCase(context.queryParam("detail"))) {
                pool.put("capabilities", capabilities(volumes.list(caller, true)));
            }
            Responses.ok(context, Map.of("pools", List.of(pool)));
        });
        routes.get("/v3/{project}/os-hosts/{host}", RULE, (context, caller) -> {
            VolumeApi.requireOwnProject(context, caller);
            String host = context.pathParam("host");
            if (!host.equals(VOLUME_HOST)) {
                throw ApiException.notFound("Host not found");
            }
            List<Volume> all = volumes.list(caller, true);
            List<Snapshot> snapshots = volumes.listSnapshots(caller, true);
            List<Map<String, Object>> resources = new ArrayList<>();
            resources.add(resource(host, "(total)", all, snapshots));
            for (String project : new TreeSet<>(all.stream().map(Volume::projectId).toList())) {
                resources.add(resource(host, project,
                        all.stream().filter(volume -> volume.projectId().equals(project)).toList(),
                        snapshots.stream().filter(snapshot -> snapshot.projectId().equals(project)).toList()));
            }
            Responses.ok(context, Map.of("host", resources));
        });
    }

    /** A service's host: the service reports itself as it answers, so it is up at this moment. */
    private static Map<String, Object> host(String name, String service, Instant now) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("host_name", name);
        host.put("service", service);
        host.put("zone", VolumeService.AVAILABILITY_ZONE);
        host.put("service-status", "available");
        host.put("service-state", "enabled");
        host.put("last-update", VolumeViews.time(now));
        return host;
    }

    /** A service as Cinder lists it; it answers from this process, so it is up now. */
    private static Map<String, Object> service(String binary, String host, Instant now) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("binary", binary);
        service.put("host", host);
        service.put("zone", VolumeService.AVAILABILITY_ZONE);
        service.put("status", "enabled");
        service.put("state", "up");
        service.put("updated_at", VolumeViews.time(now));
        service.put("disabled_reason", null);
        return service;
    }

    /**
     * The pool's capabilities as a Cinder driver reports them: the file system's space, what the volumes were given
     * (thin: qcow2 files grow as they are written) and what they are.
     */
    private Map<String, Object> capabilities(List<Volume> all) {
        StoreCapacity capacity = volumes.capacity();
        long provisioned = all.stream().mapToLong(Volume::sizeGib).sum();
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("pool_name", "local");
        capabilities.put("volume_backend_name", "local");
        capabilities.put("vendor_name", "Stackbox");
        capabilities.put("driver_version", "1.0");
        capabilities.put("storage_protocol", "file");
        capabilities.put("total_capacity_gb", capacity.totalBytes() / GIBIBYTE);
        capabilities.put("free_capacity_gb", capacity.freeBytes() / GIBIBYTE);
        capabilities.put("allocated_capacity_gb", provisioned);
        capabilities.put("provisioned_capacity_gb", provisioned);
        capabilities.put("reserved_percentage", 0);
        capabilities.put("thin_provisioning_support", true);
        capabilities.put("thick_provisioning_support", false);
        capabilities.put("max_over_subscription_ratio", "1.0");
        capabilities.put("multiattach", false);
        capabilities.put("QoS_support", false);
        capabilities.put("timestamp", VolumeViews.time(Instant.now()));
        return capabilities;
    }

    /** Counts and GiB as Cinder writes them, in strings. */
    private static Map<String, Object> resource(String host, String project, List<Volume> volumes,
                                                List<Snapshot> snapshots) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("host", host);
        resource.put("project", project);
        resource.put("volume_count", String.valueOf(volumes.size()));
        resource.put("total_volume_gb", String.valueOf(volumes.stream().mapToLong(Volume::sizeGib).sum()));
        resource.put("snapshot_count", String.valueOf(snapshots.size()));
        resource.put("total_snapshot_gb", String.valueOf(snapshots.stream().mapToLong(Snapshot::sizeGib).sum()));
        return Map.of("resource", resource);
    }
}
