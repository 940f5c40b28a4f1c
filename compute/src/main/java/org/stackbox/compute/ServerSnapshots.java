package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.Json;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.DiskFormat;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.Images;
import org.stackbox.image.spi.NewImageData;
import org.stackbox.virt.DiskBackup;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.Hypervisor;
import org.stackbox.volume.spi.Volumes;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Nova's createImage. For a server booted from an image: an image reserved at once (queued) with Nova's snapshot
 * properties, then, on the server's serial executor, a copy of the root disk as it is at one instant and its upload.
 * A running guest is copied live by the hypervisor (it keeps running; only its disk requests wait while the copy's
 * starting point is fixed); a stopped one's disk is exported by the block store. The copy is a self-contained qcow2
 * file: a server booted from the snapshot has a one-level overlay on it, so snapshots of snapshots never make a
 * longer chain. On failure the image is removed and the failure recorded on the instance action.
 */
public final class ServerSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSnapshots.class);
    /** How long a copy may take: a large disk copied at TCG's pace on a busy host. */
    private static final Duration COPY_TIMEOUT = Duration.ofHours(1);
    /** Nova's properties an image never passes on to its snapshots (signatures, and its non_inheritable defaults). */
    private static final Set<String> NOT_INHERITED = Set.of("img_signature", "img_signature_hash_method",
            "img_signature_key_type", "img_signature_certificate_uuid", "cache_in_nova", "bittorrent");
    /** What a volume's image metadata says about the image's data, not properties to pass on (Nova's skip keys). */
    private static final Set<String> VOLUME_IMAGE_FACTS = Set.of("image_id", "image_name", "checksum",
            "container_format", "disk_format", "min_ram", "min_disk", "size");

    private final ServerRepository servers;
    private final ServerVolumeRepository serverVolumes;
    private final Volumes volumes;
    private final FlavorRepository flavors;
    private final Images images;
    private final ServerDisks disks;
    private final Hypervisor hypervisor;
    private final ServerTransitions transitions;
    private final SnapshotScratch scratch;
    private final Clock clock;

    ServerSnapshots(ServerRepository servers, ServerVolumeRepository serverVolumes, FlavorRepository flavors,
                    Images images, Volumes volumes, ServerDisks disks, Hypervisor hypervisor,
                    ServerTransitions transitions, SnapshotScratch scratch, Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.images = requireNonNull(images, "images is null");
        this.disks = requireNonNull(disks, "disks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.scratch = requireNonNull(scratch, "scratch is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Starts a snapshot of the server into a new image named {@code name}, with {@code metadata} over the properties
     * Nova gives a snapshot; answers the new image's id at once. As in Nova the image is made first, and removed again
     * when the server's state refuses the snapshot (409).
     */
    public String createImage(Caller caller, String serverId, String name, Map<String, String> metadata) {
        Server server = transitions.get(caller, serverId);
        ServerAction.CREATE_IMAGE.requireUnlocked(server, caller.isAdmin());
        ServerAction.CREATE_IMAGE.requireLegal(server);
        if (!disks.hasRootDisk(serverId)) {
            return createVolumeBackedImage(caller, server, name, metadata);
        }
        String imageId = overQuotaForbidden(() -> images.reserve(caller, snapshotImage(caller, server, name, metadata)));
        SnapshotScratch.Snapshot snapshot = new SnapshotScratch.Snapshot(serverId, imageId);
        Server before;
        try {
            scratch.begin(snapshot);
            before = transitions.begin(caller, serverId, ServerAction.CREATE_IMAGE);
        } catch (RuntimeException e) {
            scratch.end(snapshot);
            images.discard(imageId);
            throw e;
        }
        transitions.runTask(caller, before, ServerAction.CREATE_IMAGE, "compute_snapshot_instance",
                () -> snapshot(caller, before, snapshot), () -> {
                    images.discard(imageId);
                    scratch.end(snapshot);
                });
        return imageId;
    }

    /**
     * Nova's snapshot of a server booted from a volume: a snapshot of each of its volumes, and an image without data
     * whose {@code block_device_mapping} lists them ({@code source_type=snapshot}), so that a server booted from the
     * image gets new volumes made from them. Done in the request, as Nova's API does it. A running guest's volumes
     * are copied live, one after the other, each as the root disk of a server booted from an image is (Nova
     * snapshots them while the guest runs too, quiescing it only when a guest agent allows it); a stopped guest's are
     * snapshotted by the block store.
     */
    private String createVolumeBackedImage(Caller caller, Server server, String name, Map<String, String> metadata) {
        return transitions.runChecked(caller, server, ServerAction.CREATE_IMAGE, "compute_snapshot_volume_backed",
                () -> overQuotaForbidden(() -> snapshotVolumes(caller, server, name, metadata)));
    }

    /**
     * Nova answers an over-quota image or volume snapshot with 403 ({@code OverQuota} in createImage), not with the
     * 413 the image and block storage services answer it.
     */
    private static String overQuotaForbidden(Supplier<String> step) {
        try {
            return step.get();
        } catch (ServiceException e) {
            if (e.code() == ServiceError.OVER_LIMIT) {
                throw new ServiceException(ServiceError.NOT_PERMITTED, "Quota exceeded: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private String snapshotVolumes(Caller caller, Server server, String name, Map<String, String> metadata) {
        Map<String, String> targets = new LinkedHashMap<>();
        String rootDevice = null;
        for (DiskDevice disk : hypervisor.definition(server.id()).disks()) {
            if (disk.source() instanceof DiskSource.Volume volume) {
                targets.put(volume.volumeId(), disk.target());
                if (disk.bootIndex() != null && disk.bootIndex() == 0 || rootDevice == null) {
                    rootDevice = "/dev/" + disk.target();
                }
            }
        }
        List<Volumes.SnapshotDescription> made = new ArrayList<>();
        try {
            List<Map<String, Object>> mappings = new ArrayList<>();
            Optional<ServerVolume> root = Optional.empty();
            boolean live = hypervisor.state(server.id()).hasProcess();
            for (ServerVolume attached : serverVolumes.forServer(server.id())) {
                String target = targets.get(attached.volumeId());
                Volumes.SnapshotDescription snapshot = live && target != null
                        ? volumes.snapshotCopied(caller, attached.volumeId(), "snapshot for " + name,
                                copy -> copyLive(server.id(), target, copy))
                        : volumes.snapshot(caller, attached.volumeId(), "snapshot for " + name, COPY_TIMEOUT);
                made.add(snapshot);
                mappings.add(ImageBlockDevices.snapshotMapping(snapshot.id(), snapshot.sizeGib(), attached.bootIndex(),
                        target == null ? null : "/dev/" + target, attached.deleteOnTermination()));
                if (attached.isRoot()) {
                    root = Optional.of(attached);
                }
            }
            Map<String, String> properties = new LinkedHashMap<>();
            root.map(volume -> volumes.find(caller, volume.volumeId()).imageMetadata()).orElse(Map.of())
                    .forEach((key, value) -> {
                        if (!VOLUME_IMAGE_FACTS.contains(key) && !NOT_INHERITED.contains(key)) {
                            properties.put(key, value);
                        }
                    });
            properties.put("image_type", "snapshot");
            properties.put("instance_uuid", server.id());
            properties.put("user_id", caller.userId());
            properties.putAll(metadata);
            properties.put(ImageBlockDevices.MAPPINGS, Json.write(mappings));
            properties.put(ImageBlockDevices.VERSION_2, "True");
            if (rootDevice != null) {
                properties.put(ImageBlockDevices.ROOT_DEVICE_NAME, rootDevice);
            }
            // Nova's "empty image activated at once": zero bytes of raw data.
            return images.create(caller, new NewImageData(name, DiskFormat.RAW, properties),
                    InputStream.nullInputStream()).id();
        } catch (RuntimeException e) {
            made.forEach(snapshot -> volumes.discardSnapshot(caller, snapshot.id()));
            throw e;
        }
    }

    /** Nova's snapshot image: the source image's properties and sizes, and what says where the snapshot came from. */
    NewImageData snapshotImage(Caller caller, Server server, String name, Map<String, String> metadata) {
        Optional<ImageDescription> source = Optional.ofNullable(server.imageId())
                .flatMap(imageId -> images.findActive(caller, imageId));
        Map<String, String> properties = new LinkedHashMap<>();
        source.ifPresent(image -> image.properties().forEach((key, value) -> {
            if (!NOT_INHERITED.contains(key) && !key.startsWith("os_glance")) {
                properties.put(key, value);
            }
        }));
        properties.put("image_type", "snapshot");
        properties.put("instance_uuid", server.id());
        properties.put("user_id", caller.userId());
        if (server.imageId() != null) {
            properties.putIfAbsent("base_image_ref", server.imageId());
        }
        properties.putAll(metadata);
        int flavorDisk = flavors.findById(server.flavorId()).map(ComputeFlavor::diskGib).orElse(0);
        return new NewImageData(name, DiskFormat.QCOW2,
                Math.max(flavorDisk, source.map(ImageDescription::minDisk).orElse(0)),
                source.map(ImageDescription::minRam).orElse(0), properties);
    }

    private void snapshot(Caller caller, Server server, SnapshotScratch.Snapshot snapshot) {
        Path copy = scratch.copyOf(snapshot);
        try {
            advance(server, TaskState.IMAGE_SNAPSHOT_PENDING, TaskState.IMAGE_SNAPSHOT);
            copyRootDisk(server.id(), copy);
            advance(server, TaskState.IMAGE_SNAPSHOT, TaskState.IMAGE_PENDING_UPLOAD);
            advance(server, TaskState.IMAGE_PENDING_UPLOAD, TaskState.IMAGE_UPLOADING);
            images.adopt(caller, snapshot.imageId(), copy);
        } catch (RuntimeException e) {
            images.discard(snapshot.imageId());
            throw e;
        } finally {
            scratch.end(snapshot);
        }
    }

    private void copyRootDisk(String serverId, Path copy) {
        if (!hypervisor.state(serverId).hasProcess()) {
            disks.exportRootDisk(serverId, copy);
            return;
        }
        String target = hypervisor.definition(serverId).disks().stream()
                .filter(disk -> disk.source() instanceof DiskSource.RootDisk)
                .map(DiskDevice::target).findFirst()
                .orElseThrow(() -> new IllegalStateException("Server " + serverId + " has no root disk"));
        copyLive(serverId, target, copy);
    }

    private void copyLive(String serverId, String target, Path copy) {
        DiskBackup.BackupOutcome outcome = hypervisor.backupDisk(serverId, target, copy, COPY_TIMEOUT);
        LOG.info("Copied disk {} of server {} live in {} ms; its disk requests waited {} ms", target, serverId,
                outcome.copying().toMillis(), outcome.ioHeld().toNanos() / 1e6);
    }

    private void advance(Server server, TaskState from, TaskState to) {
        if (!servers.advanceTask(server.id(), from, to, clock.instant())) {
            throw ServiceException.conflict("Cannot 'createImage' instance %s: its task is no longer %s",
                    server.id(), from.wireName());
        }
    }

    /**
     * At start: the snapshots a restart interrupted. Their images, reserved or half uploaded (the image service has
     * put those back to queued), are removed; their servers' tasks are settled with the rest by the recovery.
     */
    void discardInterrupted() {
        for (SnapshotScratch.Snapshot snapshot : scratch.givenUp()) {
            LOG.info("Removing image {} of the snapshot of server {} that a restart interrupted", snapshot.imageId(),
                    snapshot.serverId());
            images.discard(snapshot.imageId());
            scratch.end(snapshot);
        }
    }
}
