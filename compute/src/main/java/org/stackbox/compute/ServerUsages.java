package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.ServerLifetime;
import org.stackbox.compute.store.ServerRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What servers used over a period, as Nova's {@code os-simple-tenant-usage} reports it: each server that ran in the
 * period, deleted ones included, for the hours it ran within it, times its flavor's vCPUs, memory and disk; summed per
 * project. A period that ends in the future ends now.
 */
public final class ServerUsages {
    private final ServerRepository servers;
    private final ComputeFlavors flavors;
    private final Clock clock;

    public ServerUsages(ServerRepository servers, ComputeFlavors flavors, Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One server's share of a period. */
    public record ServerUsage(ServerLifetime server, String flavorName, int vcpus, int memoryMib, int localGib,
                              double hours, Instant now) {
        /** Seconds from its launch to its delete, or to now while it lives. */
        public long uptimeSeconds() {
            return Duration.between(server.launchedAt(), server.deletedAt() == null ? now : server.deletedAt())
                    .toSeconds();
        }
    }

    /** A project's usage over the period, and the servers it is made of. */
    public record ProjectUsage(String projectId, Instant start, Instant stop, List<ServerUsage> servers) {
        public double hours() {
            return servers.stream().mapToDouble(ServerUsage::hours).sum();
        }

        public double vcpuHours() {
            return servers.stream().mapToDouble(usage -> usage.vcpus() * usage.hours()).sum();
        }

        public double memoryMibHours() {
            return servers.stream().mapToDouble(usage -> usage.memoryMib() * usage.hours()).sum();
        }

        public double localGibHours() {
            return servers.stream().mapToDouble(usage -> usage.localGib() * usage.hours()).sum();
        }
    }

    /**
     * The usage of one project (or of every project) between {@code start} and {@code end}: at most {@code limit}
     * servers, after the server {@code marker} when given (Nova's 400 when no server has that id).
     */
    public List<ProjectUsage> between(Optional<String> projectId, Instant start, Instant end, int limit,
                                      Optional<String> marker) {
        Instant now = clock.instant();
        Instant stop = end.isAfter(now) ? now : end;
        if (!start.isBefore(end)) {
            throw ServiceException.invalid("Invalid start time. The start time cannot occur after the end time.");
        }
        marker.filter(id -> !servers.exists(id)).ifPresent(id -> {
            throw ServiceException.invalid("Marker %s could not be found.", id);
        });
        Map<String, List<ServerUsage>> byProject = new LinkedHashMap<>();
        for (ServerUsage usage : servers(projectId, start, stop, limit, marker, now)) {
            byProject.computeIfAbsent(usage.server().projectId(), project -> new ArrayList<>()).add(usage);
        }
        return byProject.entrySet().stream()
                .map(entry -> new ProjectUsage(entry.getKey(), start, stop, entry.getValue())).toList();
    }

    /**
     * Each server that ran between {@code start} and {@code end} (a past period: Nova's
     * instance_get_active_by_window_joined), in the order they were created: at most {@code limit}, after the server
     * {@code marker} when given.
     */
    public List<ServerUsage> servers(Instant start, Instant end, int limit, Optional<String> marker) {
        return servers(Optional.empty(), start, end, limit, marker, clock.instant());
    }

    private List<ServerUsage> servers(Optional<String> projectId, Instant start, Instant stop, int limit,
                                      Optional<String> marker, Instant now) {
        List<ServerUsage> found = new ArrayList<>();
        for (ServerLifetime server : servers.lifetimes(projectId, start, stop, limit, marker)) {
            Optional<ComputeFlavor> flavor = flavors.find(server.flavorId());
            found.add(new ServerUsage(server,
                    flavor.map(ComputeFlavor::name).orElse(""), flavor.map(ComputeFlavor::vcpus).orElse(0),
                    flavor.map(ComputeFlavor::memoryMib).orElse(0),
                    flavor.map(each -> each.diskGib() + each.ephemeralGib()).orElse(0),
                    hours(server, start, stop), now));
        }
        return found;
    }

    private static double hours(ServerLifetime server, Instant start, Instant stop) {
        Instant from = server.launchedAt().isAfter(start) ? server.launchedAt() : start;
        Instant to = server.deletedAt() != null && server.deletedAt().isBefore(stop) ? server.deletedAt() : stop;
        return to.isAfter(from) ? Duration.between(from, to).toNanos() / 3.6e12 : 0;
    }
}
