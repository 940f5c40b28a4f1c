package org.stackbox.volume;

import org.stackbox.common.ErrorKind;
import org.stackbox.common.StackboxException;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.storage.block.BlockStore;
import org.stackbox.storage.block.VolumeId;
import org.stackbox.volume.model.Attachment;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.SnapshotStatus;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;
import org.stackbox.volume.spi.Volumes;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/** {@link Volumes} for services in the same process, on top of the volume service itself. */
public final class LocalVolumes implements Volumes {
    private final VolumeService service;
    private final VolumeAttachments attachments;
    private final BlockStore store;

    public LocalVolumes(VolumeService service, VolumeAttachments attachments, BlockStore store) {
        this.service = requireNonNull(service, "service is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.store = requireNonNull(store, "store is null");
    }

    /** In the order Cinder's API lists them when asked for none: newest first. */
    @Override
    public List<VolumeDetail> list(Caller caller) {
        return service.list(caller, false).stream()
                .sorted(Comparator.comparing(Volume::createdAt).thenComparing(Volume::id).reversed())
                .map(this::detail).toList();
    }

    @Override
    public VolumeDetail detail(Caller caller, String volumeId) {
        return detail(service.get(caller, volumeId));
    }

    @Override
    public VolumeDetail create(Caller caller, VolumeRequest request) {
        return detail(service.create(caller, new NewVolume(Optional.of(request.sizeGib()), request.name(),
                request.description(), Optional.empty(), Optional.empty(), request.snapshotId(), request.volumeType(),
                request.availabilityZone(), request.metadata())));
    }

    @Override
    public void delete(Caller caller, String volumeId, boolean cascade) {
        service.delete(caller, volumeId, cascade);
    }

    /** In the order Cinder's API lists them when asked for none: newest first. */
    @Override
    public List<SnapshotDetail> listSnapshots(Caller caller) {
        return service.listSnapshots(caller, false).stream()
                .sorted(Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::id).reversed())
                .map(LocalVolumes::detail).toList();
    }

    @Override
    public SnapshotDetail snapshotDetail(Caller caller, String snapshotId) {
        return detail(service.getSnapshot(caller, snapshotId));
    }

    @Override
    public SnapshotDetail createSnapshot(Caller caller, String volumeId, boolean force, String name,
                                         String description) {
        return detail(service.createSnapshot(caller, volumeId, name, description, force, Map.of()));
    }

    @Override
    public void deleteSnapshot(Caller caller, String snapshotId) {
        service.deleteSnapshot(caller, snapshotId);
    }

    /** The volume as Cinder shows it, with the servers it is attached to (not those it is only reserved for). */
    private VolumeDetail detail(Volume volume) {
        List<ServerAttachment> attached = attachments.forVolume(volume.id()).stream()
                .filter(attachment -> attachment.status() == Attachment.Status.ATTACHED)
                .map(attachment -> new ServerAttachment(attachment.serverId(), attachment.device()))
                .toList();
        return new VolumeDetail(volume.id(), volume.name(), volume.description(), volume.sizeGib(),
                volume.status().wireName(), volume.availabilityZone(), volume.createdAt(), service.typeName(volume),
                volume.snapshotId(), volume.metadata(), attached);
    }

    private static SnapshotDetail detail(Snapshot snapshot) {
        return new SnapshotDetail(snapshot.id(), snapshot.volumeId(), snapshot.name(), snapshot.description(),
                snapshot.sizeGib(), snapshot.status().wireName(), snapshot.createdAt());
    }

    @Override
    public VolumeDescription find(Caller caller, String volumeId) {
        return describe(service.get(caller, volumeId));
    }

    @Override
    public VolumeDescription create(Caller caller, String name, int sizeGib, Optional<String> imageId, Duration timeout) {
        return awaitAvailable(caller, service.create(caller, new NewVolume(Optional.of(sizeGib), name, null, imageId,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of())), timeout);
    }

    @Override
    public VolumeDescription createFromSnapshot(Caller caller, String name, int sizeGib, String snapshotId,
                                                Duration timeout) {
        return awaitAvailable(caller, service.create(caller, new NewVolume(Optional.of(sizeGib), name, null,
                Optional.empty(), Optional.empty(), Optional.of(snapshotId), Optional.empty(), Optional.empty(),
                Map.of())), timeout);
    }

    @Override
    public SnapshotDescription findSnapshot(Caller caller, String snapshotId) {
        return describe(service.getSnapshot(caller, snapshotId));
    }

    @Override
    public SnapshotDescription snapshot(Caller caller, String volumeId, String name, Duration timeout) {
        Snapshot created = service.createSnapshot(caller, volumeId, name, null, true, Map.of());
        Instant deadline = Instant.now().plus(timeout);
        Snapshot current;
        while ((current = service.getSnapshot(caller, created.id())).status() == SnapshotStatus.CREATING
                && Instant.now().isBefore(deadline)) {
            pause(created.id());
        }
        if (current.status() != SnapshotStatus.AVAILABLE) {
            discardSnapshot(caller, created.id());
            throw ServiceException.invalid("Snapshot of volume %s could not be made%s.", volumeId,
                    current.status() == SnapshotStatus.ERROR ? "" : " within " + timeout);
        }
        return describe(current);
    }

    @Override
    public SnapshotDescription snapshotCopied(Caller caller, String volumeId, String name, Consumer<Path> copy) {
        return describe(service.createSnapshotCopied(caller, volumeId, name, copy));
    }

    @Override
    public void discardSnapshot(Caller caller, String snapshotId) {
        try {
            service.deleteSnapshot(caller, snapshotId);
        } catch (StackboxException e) {
            // best effort: gone already, or being deleted
        }
    }

    private static SnapshotDescription describe(Snapshot snapshot) {
        return new SnapshotDescription(snapshot.id(), snapshot.volumeId(), snapshot.sizeGib(),
                snapshot.status().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The volume once available; one that ends in error, or is not available in time, is discarded and reported. */
    private VolumeDescription awaitAvailable(Caller caller, Volume created, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Volume current = service.get(caller, created.id());
            if (current.status() == VolumeStatus.AVAILABLE) {
                return describe(current);
            }
            if (current.status() == VolumeStatus.ERROR || Instant.now().isAfter(deadline)) {
                String reason = current.status() == VolumeStatus.ERROR ? current.errorMessage() : "it was not available within " + timeout;
                try {
                    service.discardUnfinished(caller, created.id());
                } catch (StackboxException ignored) {
                    // best effort: the volume may be half made
                }
                throw ServiceException.invalid("Volume %s could not be created: %s", created.id(), reason);
            }
            pause(created.id());
        }
    }

    private static void pause(String waitingFor) {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }

    @Override
    public List<AttachmentDescription> attachmentsOf(Caller caller, String serverId) {
        return attachments.forServer(caller, serverId).stream()
                .map(attachment -> new AttachmentDescription(attachment.id(), attachment.volumeId(), attachment.device()))
                .toList();
    }

    @Override
    public String reserve(Caller caller, String volumeId, String serverId) {
        return attachments.reserve(caller, volumeId, serverId, null).id();
    }

    @Override
    public Path connect(Caller caller, String attachmentId, String device) {
        Attachment attachment = attachments.complete(caller, attachmentId, device, "stackbox");
        return store.localPath(new VolumeId(attachment.volumeId()));
    }

    @Override
    public void beginDetaching(Caller caller, String attachmentId) {
        attachments.beginDetaching(caller, attachmentId);
    }

    @Override
    public void rollDetaching(Caller caller, String attachmentId) {
        attachments.rollDetaching(caller, attachmentId);
    }

    @Override
    public void release(Caller caller, String attachmentId) {
        try {
            attachments.delete(caller, attachmentId);
        } catch (StackboxException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void setBootable(Caller caller, String volumeId, boolean bootable) {
        service.setBootable(caller, volumeId, bootable);
    }

    @Override
    public void delete(Caller caller, String volumeId) {
        service.delete(caller, volumeId, true);
    }

    private static VolumeDescription describe(Volume volume) {
        return new VolumeDescription(volume.id(), volume.name(), volume.sizeGib(), volume.status().wireName(),
                volume.bootable(), volume.imageMetadata(), volume.readOnly());
    }
}
