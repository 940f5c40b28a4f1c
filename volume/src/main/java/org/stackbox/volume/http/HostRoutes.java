package org.stackbox.volume.http;

import org.stackbox.api.ApiException;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
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
 * Cinder's {@code os-hosts} extension, for administrators: the hosts of the block storage services (the scheduler's
 * and the volume service's, both in this process, so both up and enabled) and what the volume host holds, in total
 * and per project.
 */
final class HostRoutes {
    /** The volume service's host as Cinder names it, {@code host@backend}; a volume's host adds {@code #pool}. */
    static final String VOLUME_HOST = "stackbox@local";
    private static final String SCHEDULER_HOST = "stackbox";
    private static final String RULE = "volume_extension:hosts";

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
