package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.QuotaResource;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.store.QuotaRepository;
import org.stackbox.compute.store.ServerGroupRepository;
import org.stackbox.compute.store.ServerRepository;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A project's compute quotas, as Nova's {@code os-quota-sets} shows and changes them: Nova's defaults (as the
 * {@code default} quota class changes them, {@code os-quota-class-sets}), an administrator's limits per project over
 * them, and what the project's servers use (instances, cores, RAM). A new server must fit in what is left.
 */
public final class ComputeQuotas {
    /** The resources that servers use, counted from the project's live servers. */
    private static final List<QuotaResource> COUNTED_BY_SERVERS = List.of(
            QuotaResource.INSTANCES, QuotaResource.CORES, QuotaResource.RAM);

    /** The quota class whose limits are every project's defaults; Nova gives the others no meaning. */
    public static final String DEFAULT_CLASS = "default";

    private final QuotaRepository quotas;
    private final ServerRepository servers;
    private final ComputeFlavors flavors;
    private final ServerGroupRepository groups;

    public ComputeQuotas(QuotaRepository quotas, ServerRepository servers, ComputeFlavors flavors,
                         ServerGroupRepository groups) {
        this.groups = requireNonNull(groups, "groups is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
    }

    /** Every resource's default limit: the {@code default} class's where an administrator set one, else Nova's. */
    public Map<QuotaResource, Long> defaults() {
        return classLimits(DEFAULT_CLASS);
    }

    /** Every resource's limit in the quota class: the class's own where an administrator set one, else Nova's. */
    public Map<QuotaResource, Long> classLimits(String className) {
        Map<QuotaResource, Long> limits = new EnumMap<>(QuotaResource.class);
        for (QuotaResource resource : QuotaResource.values()) {
            limits.put(resource, resource.defaultLimit());
        }
        limits.putAll(quotas.classLimitsOf(className));
        return limits;
    }

    /** Sets limits of the quota class (-1 is unlimited); the {@code default} class's are every project's defaults. */
    public void setClass(String className, Map<QuotaResource, Long> limits) {
        quotas.setClass(className, limits);
    }

    /** Every resource's limit for the project: its own where an administrator set one, else the default. */
    public Map<QuotaResource, Long> limits(String projectId) {
        Map<QuotaResource, Long> limits = defaults();
        limits.putAll(quotas.limitsOf(projectId));
        return limits;
    }

    /** What the project's servers and server groups use; zero for the resources nothing counts here. */
    public Map<QuotaResource, Long> usage(String projectId) {
        Map<QuotaResource, Long> used = new EnumMap<>(QuotaResource.class);
        for (QuotaResource resource : QuotaResource.values()) {
            used.put(resource, 0L);
        }
        for (Server server : servers.listLive(Optional.of(projectId))) {
            ComputeFlavor flavor = flavors.get(server.flavorId());
            used.merge(QuotaResource.INSTANCES, 1L, Long::sum);
            used.merge(QuotaResource.CORES, (long) flavor.vcpus(), Long::sum);
            used.merge(QuotaResource.RAM, (long) flavor.memoryMib(), Long::sum);
        }
        used.put(QuotaResource.SERVER_GROUPS, (long) groups.countFor(projectId));
        return used;
    }

    /**
     * Sets limits for the project. Without {@code force}, a limit below what the project already uses is refused (400),
     * as Nova refuses it; -1 is unlimited.
     */
    public void set(String projectId, Map<QuotaResource, Long> limits, boolean force) {
        if (!force) {
            Map<QuotaResource, Long> used = usage(projectId);
            limits.forEach((resource, limit) -> {
                if (COUNTED_BY_SERVERS.contains(resource) && limit >= 0 && limit < used.get(resource)) {
                    throw ServiceException.invalid("Quota limit %d for %s must be greater than or equal to already "
                            + "used and reserved %d.", limit, resource.wireName(), used.get(resource));
                }
            });
        }
        quotas.set(projectId, limits);
    }

    /** The project's limits go back to the defaults. */
    public void reset(String projectId) {
        quotas.clear(projectId);
    }

    /**
     * Refuses {@code count} new servers of {@code flavor} that do not fit in the project's instances, cores or RAM
     * (403, Nova's message, e.g. {@code Quota exceeded for instances: Requested 1, but already used 10 of 10
     * instances}).
     */
    public void requireRoomForServers(String projectId, ComputeFlavor flavor, int count) {
        Optional<ServiceException> refusal = overQuota(limits(projectId), usage(projectId), servers(flavor, count));
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * How many servers of {@code flavor}, between {@code minCount} and {@code maxCount}, fit in the project's quotas:
     * the most that do, as Nova's multiple create makes; refused (403) if not even {@code minCount} fit.
     */
    public int roomForServers(String projectId, ComputeFlavor flavor, int minCount, int maxCount) {
        Map<QuotaResource, Long> limits = limits(projectId);
        Map<QuotaResource, Long> used = usage(projectId);
        for (int count = maxCount; count > minCount; count--) {
            if (overQuota(limits, used, servers(flavor, count)).isEmpty()) {
                return count;
            }
        }
        Optional<ServiceException> refusal = overQuota(limits, used, servers(flavor, minCount));
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        return minCount;
    }

    /** Refuses a resize whose added cores or RAM do not fit in the project's quotas (403, Nova's message). */
    public void requireRoomForResize(String projectId, ComputeFlavor from, ComputeFlavor to) {
        Map<QuotaResource, Long> added = Map.of(QuotaResource.CORES, (long) to.vcpus() - from.vcpus(),
                QuotaResource.RAM, (long) to.memoryMib() - from.memoryMib());
        Optional<ServiceException> refusal = overQuota(limits(projectId), usage(projectId), added);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /** What {@code count} servers of {@code flavor} ask of the quotas. */
    private static Map<QuotaResource, Long> servers(ComputeFlavor flavor, int count) {
        return Map.of(QuotaResource.INSTANCES, (long) count, QuotaResource.CORES, (long) flavor.vcpus() * count,
                QuotaResource.RAM, (long) flavor.memoryMib() * count);
    }

    /**
     * Nova's refusal of {@code requested} (resources that servers count, what more of each is asked), if some of it
     * does not fit in {@code limits} beside what is {@code used}: the first resource that does not, in Nova's order.
     */
    private static Optional<ServiceException> overQuota(Map<QuotaResource, Long> limits, Map<QuotaResource, Long> used,
                                                        Map<QuotaResource, Long> requested) {
        for (QuotaResource resource : COUNTED_BY_SERVERS) {
            long asked = requested.getOrDefault(resource, 0L);
            long limit = limits.get(resource);
            if (asked > 0 && limit >= 0 && used.get(resource) + asked > limit) {
                return Optional.of(ServiceException.forbidden("Quota exceeded for %s: Requested %d, but already used "
                        + "%d of %d %s", resource.wireName(), asked, used.get(resource), limit, resource.wireName()));
            }
        }
        return Optional.empty();
    }

    /** The most metadata items a server of the project may have. */
    public long metadataItems(String projectId) {
        return limits(projectId).get(QuotaResource.METADATA_ITEMS);
    }
}
