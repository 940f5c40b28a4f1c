package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.image.spi.DiskFormat;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.Images;
import org.stackbox.image.spi.NewImageData;
import org.stackbox.virt.DiskBackup;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.Hypervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Nova's createImage for a server booted from an image: an image reserved at once (queued) with Nova's snapshot
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

    private final ServerRepository servers;
    private final FlavorRepository flavors;
    private final Images images;
    private final ServerDisks disks;
    private final Hypervisor hypervisor;
    private final ServerTransitions transitions;
    private final SnapshotScratch scratch;
    private final Clock clock;

    ServerSnapshots(ServerRepository servers, FlavorRepository flavors, Images images, ServerDisks disks,
                    Hypervisor hypervisor, ServerTransitions transitions, SnapshotScratch scratch, Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
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
            throw ServiceException.invalid("Server %s boots from a volume: its snapshot is not supported yet.", serverId);
        }
        String imageId = images.reserve(caller, snapshotImage(caller, server, name, metadata));
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
                () -> snapshot(caller, before, snapshot));
        return imageId;
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
            try (InputStream data = Files.newInputStream(copy)) {
                images.upload(caller, snapshot.imageId(), data);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the copy of server " + server.id() + "'s disk", e);
            }
        } catch (RuntimeException e) {
            images.discard(snapshot.imageId());
            throw e;
        } finally {
            scratch.end(snapshot);
        }
    }

    private void copyRootDisk(String serverId, Path copy) {
        DomainState state = hypervisor.state(serverId);
        if (state == DomainState.SHUT_OFF) {
            disks.exportRootDisk(serverId, copy);
            return;
        }
        String target = hypervisor.definition(serverId).disks().stream()
                .filter(disk -> disk.source() instanceof DiskSource.RootDisk)
                .map(DiskDevice::target).findFirst()
                .orElseThrow(() -> new IllegalStateException("Server " + serverId + " has no root disk"));
        DiskBackup.BackupOutcome outcome = hypervisor.backupDisk(serverId, target, copy, COPY_TIMEOUT);
        LOG.info("Copied the root disk of server {} live in {} ms; its disk requests waited {} ms", serverId,
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
