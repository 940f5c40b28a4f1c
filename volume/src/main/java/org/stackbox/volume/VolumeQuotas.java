package org.stackbox.volume;

import org.stackbox.common.ServiceException;
import org.stackbox.volume.store.QuotaRepository;
import org.stackbox.volume.store.SnapshotRepository;
import org.stackbox.volume.store.VolumeRepository;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Per-project limits on volumes, snapshots and gigabytes, with Cinder's over-limit messages. A project's defaults are
 * the {@code default} quota class's limits where an administrator set them, else Cinder's.
 */
public final class VolumeQuotas {
    public static final Map<String, Long> DEFAULTS = Map.of("volumes", 10L, "snapshots", 10L, "gigabytes", 1000L,
            "backups", 10L, "backup_gigabytes", 1000L, "per_volume_gigabytes", -1L, "groups", 10L);

    private final QuotaRepository quotas;
    private final VolumeRepository volumes;
    private final SnapshotRepository snapshots;

    public VolumeQuotas(QuotaRepository quotas, VolumeRepository volumes, SnapshotRepository snapshots) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
    }

    public static final String DEFAULT_CLASS = "default";

    public Map<String, Long> limits(String projectId) {
        Map<String, Long> limits = defaults();
        limits.putAll(quotas.limits(projectId));
        return limits;
    }

    /** Every project's defaults: the {@code default} class's limits. */
    public Map<String, Long> defaults() {
        return classLimits(DEFAULT_CLASS);
    }

    /** The quota class's limits: those an administrator set, else Cinder's defaults. */
    public Map<String, Long> classLimits(String className) {
        Map<String, Long> limits = new LinkedHashMap<>(new java.util.TreeMap<>(DEFAULTS));
        limits.putAll(quotas.classLimits(className));
        return limits;
    }

    /** Sets limits of the quota class, checked as a project's are. */
    public void setClass(String className, Map<String, Long> changes) {
        changes.forEach(VolumeQuotas::requireValid);
        changes.forEach((resource, limit) -> quotas.setClass(className, resource, limit));
    }

    public Map<String, Long> usage(String projectId) {
        VolumeRepository.Usage volumeUsage = volumes.usage(projectId);
        SnapshotRepository.SnapshotUsage snapshotUsage = snapshots.usage(projectId);
        Map<String, Long> usage = new LinkedHashMap<>();
        usage.put("volumes", volumeUsage.volumes());
        usage.put("snapshots", snapshotUsage.snapshots());
        usage.put("gigabytes", volumeUsage.gibibytes() + snapshotUsage.gibibytes());
        return usage;
    }

    public void set(String projectId, Map<String, Long> changes) {
        changes.forEach(VolumeQuotas::requireValid);
        changes.forEach((resource, limit) -> quotas.set(projectId, resource, limit));
    }

    private static void requireValid(String resource, long limit) {
        if (!DEFAULTS.containsKey(resource)) {
            throw ServiceException.invalid("Invalid input received: Bad key(s) in quota set: %s", resource);
        }
        if (limit < -1) {
            // oslo's validate_integer, as Cinder's quota_set format checks each limit
            throw ServiceException.invalid("%s must be >= -1", resource);
        }
    }

    public void reset(String projectId) {
        quotas.reset(projectId);
    }

    /** Refuses (413) a new volume of {@code sizeGib} that would take the project over its limits. */
    public void checkNewVolume(String projectId, int sizeGib) {
        Map<String, Long> limits = limits(projectId);
        Map<String, Long> usage = usage(projectId);
        long perVolume = limits.get("per_volume_gigabytes");
        if (perVolume >= 0 && sizeGib > perVolume) {
            throw ServiceException.overLimit("Volume size %dG exceeded allowed maximum size per volume of %dG.", sizeGib, perVolume);
        }
        checkGigabytes(limits, usage, sizeGib);
        checkOneMoreVolume(limits, usage);
    }

    public void checkGrowth(String projectId, int additionalGib) {
        checkGigabytes(limits(projectId), usage(projectId), additionalGib);
    }

    public void checkNewSnapshot(String projectId, int sizeGib) {
        Map<String, Long> limits = limits(projectId);
        Map<String, Long> usage = usage(projectId);
        checkGigabytes(limits, usage, sizeGib);
        long maxSnapshots = limits.get("snapshots");
        if (maxSnapshots >= 0 && usage.get("snapshots") + 1 > maxSnapshots) {
            throw ServiceException.overLimit("Maximum number of snapshots allowed (%d) exceeded for quota 'snapshots'.", maxSnapshots);
        }
    }

    /**
     * Refuses (413) taking in a transferred volume of {@code sizeGib} with {@code snapshots} snapshots of
     * {@code snapshotGib} in all, checked as Cinder's accept reserves them: the volume first, then its snapshots.
     */
    public void checkTransferIn(String projectId, int sizeGib, int snapshots, long snapshotGib) {
        Map<String, Long> limits = limits(projectId);
        Map<String, Long> usage = usage(projectId);
        long perVolume = limits.get("per_volume_gigabytes");
        if (perVolume >= 0 && sizeGib > perVolume) {
            throw ServiceException.overLimit("Requested volume size %dG is larger than maximum allowed limit %dG.",
                    sizeGib, perVolume);
        }
        checkGigabytes(limits, usage, sizeGib);
        checkOneMoreVolume(limits, usage);
        if (snapshots == 0) {
            return;
        }
        Map<String, Long> withVolume = new LinkedHashMap<>(usage);
        withVolume.merge("gigabytes", (long) sizeGib, Long::sum);
        checkGigabytes(limits, withVolume, snapshotGib);
        long maxSnapshots = limits.get("snapshots");
        if (maxSnapshots >= 0 && usage.get("snapshots") + snapshots > maxSnapshots) {
            throw ServiceException.overLimit("Maximum number of snapshots allowed (%d) exceeded", maxSnapshots);
        }
    }

    private static void checkOneMoreVolume(Map<String, Long> limits, Map<String, Long> usage) {
        long maxVolumes = limits.get("volumes");
        if (maxVolumes >= 0 && usage.get("volumes") + 1 > maxVolumes) {
            throw ServiceException.overLimit("Maximum number of volumes allowed (%d) exceeded for quota 'volumes'.", maxVolumes);
        }
    }

    private static void checkGigabytes(Map<String, Long> limits, Map<String, Long> usage, long requestedGib) {
        long quota = limits.get("gigabytes");
        long consumed = usage.get("gigabytes");
        if (quota >= 0 && consumed + requestedGib > quota) {
            throw ServiceException.overLimit("VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested %dG, quota is %dG and %dG has been consumed.",
                    requestedGib, quota, consumed);
        }
    }
}
