package org.stackbox.volume;

import org.stackbox.common.DataDirectoryFull;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.StackboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceError;
import org.stackbox.common.ServiceException;
import org.stackbox.common.Ids;
import org.stackbox.storage.block.BlockStore;
import org.stackbox.storage.block.ExportFormat;
import org.stackbox.storage.block.ImageFormat;
import org.stackbox.storage.block.ImageSource;
import org.stackbox.storage.block.SnapshotId;
import org.stackbox.storage.block.VolumeId;
import org.stackbox.storage.block.VolumeInfo;
import org.stackbox.storage.block.VolumeSize;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.SnapshotStatus;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;
import org.stackbox.volume.model.VolumeType;
import org.stackbox.volume.store.SnapshotRepository;
import org.stackbox.volume.store.VolumeRepository;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Volumes and snapshots: their state machines and rules. Work on the disks (clone, extend, export, delete) runs on
 * {@code worker} after the request has recorded the transitional state (creating, extending, uploading, deleting),
 * and always ends in a clear state: available, or error with a message.
 */
public final class VolumeService {
    public static final String AVAILABILITY_ZONE = "nova";
    private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);
    private static final long GIBIBYTE = 1L << 30;
    private static final Set<VolumeStatus> DELETABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR,
            VolumeStatus.ERROR_EXTENDING, VolumeStatus.ERROR_DELETING);

    private final VolumeRepository volumes;
    private final SnapshotRepository snapshots;
    private final VolumeQuotas quotas;
    private final VolumeTypes types;
    private final BlockStore store;
    private final VolumeImages images;
    private final Executor worker;
    private final UploadScratch scratch;
    private final Clock clock;

    /** {@code scratch} holds volume exports on their way to the image service (upload-to-image). */
    public VolumeService(VolumeRepository volumes, SnapshotRepository snapshots, VolumeQuotas quotas, VolumeTypes types,
                         BlockStore store,
                         VolumeImages images, Executor worker, Path scratch, Clock clock) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.types = requireNonNull(types, "types is null");
        this.store = requireNonNull(store, "store is null");
        this.images = requireNonNull(images, "images is null");
        this.worker = requireNonNull(worker, "worker is null");
        this.scratch = new UploadScratch(requireNonNull(scratch, "scratch is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * After a restart, work that was running is gone: volumes caught in a transitional state are settled so that
     * nothing stays {@code creating} forever (creating becomes error, extending error_extending, deleting
     * error_deleting, uploading what it was before, as Cinder's start does); the image reserved for an upload that
     * was given up is removed, as Cinder removes it when an upload fails.
     */
    public void recover() {
        Instant now = clock.instant();
        Map<String, VolumeStatus> beforeUpload = new java.util.HashMap<>();
        for (UploadScratch.Upload upload : scratch.givenUp()) {
            beforeUpload.put(upload.volumeId(), upload.settled());
            images.discard(upload.imageId());
        }
        for (Volume volume : volumes.list(Optional.empty())) {
            switch (volume.status()) {
                case CREATING -> volumes.update(volume.failed("Stackbox restarted while the volume was being created.", now));
                case EXTENDING -> volumes.update(volume.withStatus(VolumeStatus.ERROR_EXTENDING, now));
                case DELETING -> volumes.update(volume.withStatus(VolumeStatus.ERROR_DELETING, now));
                case UPLOADING -> volumes.update(volume.withStatus(
                        beforeUpload.getOrDefault(volume.id(), VolumeStatus.AVAILABLE), now));
                case DOWNLOADING -> volumes.update(volume.withStatus(VolumeStatus.AVAILABLE, now));
                default -> {
                    // settled states stay as they are
                }
            }
        }
        for (Snapshot snapshot : snapshots.list(Optional.empty())) {
            if (snapshot.status() == SnapshotStatus.CREATING) {
                snapshots.update(snapshot.withStatus(SnapshotStatus.ERROR, now));
            } else if (snapshot.status() == SnapshotStatus.DELETING) {
                snapshots.update(snapshot.withStatus(SnapshotStatus.ERROR_DELETING, now));
            }
        }
        // Every upload-to-image under way was given up above: its marker and export are nobody's now.
        scratch.clear();
    }

    // Reading

    /** The space of the store the volumes live in. */
    public org.stackbox.storage.block.StoreCapacity capacity() {
        return store.capacity();
    }

    public List<Volume> list(Caller caller, boolean allProjects) {
        if (allProjects && caller.isAdmin()) {
            return volumes.list(Optional.empty());
        }
        return volumes.list(Optional.of(requireProject(caller)));
    }

    /** The volume, if the caller's project owns it (or the caller is an administrator); 404 otherwise. */
    public Volume get(Caller caller, String id) {
        return volumes.findById(id)
                .filter(volume -> caller.isAdmin() || volume.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ServiceException.notFound("Volume %s could not be found.", id));
    }

    /** The name of the volume's type, as Cinder shows it in {@code volume_type}. */
    public String typeName(Volume volume) {
        return types.nameOf(volume.volumeTypeId());
    }

    /** The volume's backing storage; who may see it is the policy's decision (stackbox:volume:storage). */
    public VolumeInfo storageInfo(Caller caller, String id) {
        get(caller, id);
        return store.info(new VolumeId(id));
    }

    // Creating

    public Volume create(Caller caller, NewVolume request) {
        String projectId = requireProject(caller);
        Optional<VolumeType> requestedType = request.volumeType().map(nameOrId -> types.resolve(caller, nameOrId));
        request.availabilityZone().filter(zone -> !zone.equals(AVAILABILITY_ZONE)).ifPresent(zone -> {
            throw ServiceException.invalid("Invalid input received: Availability zone '%s' is invalid.", zone);
        });
        Optional<VolumeImages.SourceImage> image = request.imageId().map(imageId -> sourceImage(caller, imageId));
        Optional<Volume> sourceVolume = request.sourceVolumeId().map(sourceId -> get(caller, sourceId));
        Optional<Snapshot> snapshot = request.snapshotId().map(snapshotId -> getSnapshot(caller, snapshotId));
        // Without a type, a copy has its source's type, as in Cinder; anything else the default type.
        String typeId = requestedType.map(VolumeType::id)
                .or(() -> sourceVolume.map(Volume::volumeTypeId))
                .or(() -> snapshot.flatMap(source -> volumes.findById(source.volumeId())).map(Volume::volumeTypeId))
                .orElseGet(() -> types.defaultType().id());

        int minimum = image.map(VolumeService::minimumGib)
                .or(() -> sourceVolume.map(Volume::sizeGib))
                .or(() -> snapshot.map(Snapshot::sizeGib))
                .orElse(1);
        int size = request.sizeGib().orElseGet(() -> {
            if (sourceVolume.isEmpty() && snapshot.isEmpty()) {
                throw ServiceException.invalid("Invalid input received: 'size' is required unless the volume is made from a snapshot or another volume.");
            }
            return minimum;
        });
        if (size < 1) {
            throw ServiceException.invalid("Invalid input received: Volume size '%d' must be an integer and greater than 0.", size);
        }
        if (size < minimum) {
            String what = image.isPresent() ? "image" : sourceVolume.isPresent() ? "source volume" : "snapshot";
            throw ServiceException.invalid("Invalid input received: Volume size %dGB cannot be smaller than the %s size %dGB.",
                    size, what, minimum);
        }
        sourceVolume.filter(source -> source.status() != VolumeStatus.AVAILABLE && source.status() != VolumeStatus.IN_USE)
                .ifPresent(source -> {
                    throw ServiceException.invalid("Invalid volume: Volume %s status must be available or in-use, but current status is: %s.",
                            source.id(), source.status().wireName());
                });
        snapshot.filter(source -> source.status() != SnapshotStatus.AVAILABLE).ifPresent(source -> {
            throw ServiceException.invalid("Invalid snapshot: Originating snapshot status must be one of 'available' values");
        });
        quotas.checkNewVolume(projectId, size);

        Instant now = clock.instant();
        // A volume made from an ISO holds installer media, not an installed system: booting it as a disk would run
        // the installer from a writable copy of itself. It boots only once its owner says so (cinder set-bootable).
        boolean bootable = image.filter(source -> !"iso".equalsIgnoreCase(source.diskFormat())).isPresent()
                || sourceVolume.map(Volume::bootable).orElse(false)
                || snapshot.flatMap(source -> volumes.findById(source.volumeId())).map(Volume::bootable).orElse(false);
        Map<String, String> imageMetadata = image.map(VolumeService::imageMetadata)
                .or(() -> sourceVolume.map(Volume::imageMetadata))
                .orElse(null);
        Volume volume = new Volume(Ids.uuid(), projectId, caller.userId(), request.name(), request.description(), size,
                VolumeStatus.CREATING, bootable, typeId, AVAILABILITY_ZONE, sourceVolume.map(Volume::id).orElse(null),
                snapshot.map(Snapshot::id).orElse(null), image.map(VolumeImages.SourceImage::id).orElse(null),
                imageMetadata, request.metadata(), Map.of(), null, now, now);
        volumes.insert(volume);
        VolumeId volumeId = new VolumeId(volume.id());
        VolumeSize volumeSize = VolumeSize.ofGibibytes(size);
        runAndSettle(volume.id(), "create", () -> {
            if (image.isPresent()) {
                VolumeImages.SourceImage source = image.get();
                store.createFromImage(volumeId, new ImageSource(source.id(), imageFormat(source.diskFormat()), source.file()), volumeSize);
            } else if (sourceVolume.isPresent()) {
                store.cloneVolume(volumeId, new VolumeId(sourceVolume.get().id()), volumeSize);
            } else if (snapshot.isPresent()) {
                store.createFromSnapshot(volumeId, new SnapshotId(snapshot.get().id()), volumeSize);
            } else {
                store.createBlank(volumeId, volumeSize);
            }
        }, VolumeStatus.AVAILABLE);
        return volume;
    }

    // Changing

    public Volume update(Caller caller, String id, Optional<String> name, Optional<String> description, Optional<Map<String, String>> metadata) {
        Volume volume = get(caller, id);
        Volume updated = volume.withDetails(name.orElse(volume.name()), description.orElse(volume.description()),
                metadata.orElse(volume.metadata()), clock.instant());
        volumes.update(updated);
        return updated;
    }

    public Volume setMetadata(Caller caller, String id, Map<String, String> metadata, boolean replace) {
        Volume volume = get(caller, id);
        Map<String, String> merged = new LinkedHashMap<>(replace ? Map.of() : volume.metadata());
        merged.putAll(metadata);
        return update(caller, id, Optional.empty(), Optional.empty(), Optional.of(merged));
    }

    public void deleteMetadataKey(Caller caller, String id, String key) {
        Volume volume = get(caller, id);
        if (!volume.metadata().containsKey(key)) {
            throw ServiceException.notFound("Volume %s has no metadata with key %s.", id, key);
        }
        Map<String, String> remaining = new LinkedHashMap<>(volume.metadata());
        remaining.remove(key);
        update(caller, id, Optional.empty(), Optional.empty(), Optional.of(remaining));
    }

    public Volume setBootable(Caller caller, String id, boolean bootable) {
        Volume volume = get(caller, id);
        Volume updated = volume.withBootable(bootable, clock.instant());
        volumes.update(updated);
        return updated;
    }

    /**
     * Sets the read-only flag ({@code os-update_readonly_flag}), as Cinder only of an available volume: the flag
     * decides how the volume's next attachments connect it.
     */
    public Volume setReadOnly(Caller caller, String id, boolean readOnly) {
        Volume volume = get(caller, id);
        if (volume.status() != VolumeStatus.AVAILABLE) {
            throw ServiceException.invalid("Invalid volume: Volume status must be available to update readonly flag.");
        }
        Volume updated = volume.withReadOnly(readOnly, clock.instant());
        volumes.update(updated);
        return updated;
    }

    /**
     * Changes the volume's type ({@code os-retype}): with one back end the data stays where it is, so only the type
     * changes, of an available or in-use volume and to another type, as Cinder allows it.
     */
    public void retype(Caller caller, String id, String newType) {
        Volume volume = get(caller, id);
        VolumeType type = types.resolveAny(newType);
        if (!volumes.retype(volume.id(), EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE), type.id(),
                clock.instant())) {
            throw ServiceException.invalid("Invalid volume: Retype needs volume to be in available or in-use state, "
                    + "not be part of an active migration or a consistency group, requested type has to be different "
                    + "that the one from the volume, and for in-use volumes front-end qos specs cannot change.");
        }
    }

    /** Grows an available volume (and, from microversion 3.42, an in-use one whose server can follow). */
    public void extend(Caller caller, String id, int newSizeGib, boolean allowInUse) {
        Volume volume = get(caller, id);
        Set<VolumeStatus> allowed = allowInUse ? EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE) : EnumSet.of(VolumeStatus.AVAILABLE);
        if (!allowed.contains(volume.status())) {
            throw ServiceException.invalid("Invalid volume: Volume %s status must be %s to extend, but current status is: %s.",
                    id, allowInUse ? "available or in-use" : "available", volume.status().wireName());
        }
        if (newSizeGib <= volume.sizeGib()) {
            throw ServiceException.invalid("Invalid input received: New size for extend must be greater than current size. (current: %d, extended: %d).",
                    volume.sizeGib(), newSizeGib);
        }
        quotas.checkGrowth(volume.projectId(), newSizeGib - volume.sizeGib());
        VolumeStatus settled = volume.status();
        if (!volumes.transition(id, Set.of(volume.status()), VolumeStatus.EXTENDING, clock.instant())) {
            throw conflictingChange(id);
        }
        worker.execute(() -> {
            try {
                store.extend(new VolumeId(id), VolumeSize.ofGibibytes(newSizeGib));
                volumes.findById(id).ifPresent(current -> volumes.update(current.withSize(newSizeGib, settled, clock.instant())));
            } catch (RuntimeException e) {
                LOG.warn("Extending volume {} failed", id, e);
                volumes.findById(id).ifPresent(current -> volumes.update(current.withStatus(VolumeStatus.ERROR_EXTENDING, clock.instant())));
            }
        });
    }

    /**
     * Stackbox's volume export: the volume's disk as one self-contained {@code raw} or {@code qcow2} file (no backing
     * file), written to {@code target}. Only an available volume; it is {@code uploading} meanwhile, as for an upload
     * to an image, so that nothing attaches, changes or deletes it under the export.
     */
    public void export(Caller caller, String id, String diskFormat, java.io.OutputStream target) {
        Volume volume = get(caller, id);
        ExportFormat format = switch (diskFormat) {
            case "raw" -> ExportFormat.RAW;
            case "qcow2" -> ExportFormat.QCOW2;
            default -> throw ServiceException.invalid(
                    "Invalid input received: format '%s' is not supported for export; use raw or qcow2.", diskFormat);
        };
        if (volume.status() != VolumeStatus.AVAILABLE) {
            throw ServiceException.invalid("Invalid volume: Volume %s status must be available, but current status "
                    + "is: %s.", id, volume.status().wireName());
        }
        if (!volumes.transition(id, Set.of(VolumeStatus.AVAILABLE), VolumeStatus.UPLOADING, clock.instant())) {
            throw conflictingChange(id);
        }
        try {
            store.export(new VolumeId(id), format, target);
        } finally {
            volumes.transition(id, Set.of(VolumeStatus.UPLOADING), VolumeStatus.AVAILABLE, clock.instant());
        }
    }

    /** Cinder's os-volume_upload_image: a new image holding the volume's disk; the volume is busy meanwhile. */
    public Map<String, Object> uploadToImage(Caller caller, String id, String imageName, String diskFormat, String containerFormat,
                                             boolean force, String visibility, boolean protectedImage) {
        Volume volume = get(caller, id);
        ExportFormat format = exportFormat(diskFormat);
        boolean inUse = volume.status() == VolumeStatus.IN_USE;
        if (!(volume.status() == VolumeStatus.AVAILABLE || inUse && force)) {
            throw ServiceException.invalid("Invalid volume: Volume %s status must be available%s, but current status is: %s.",
                    id, force ? " or in-use" : "", volume.status().wireName());
        }
        String imageId = images.reserve(caller, imageName, diskFormat, containerFormat, visibility, protectedImage);
        UploadScratch.Upload upload = new UploadScratch.Upload(id, imageId, volume.status());
        Path export;
        try {
            export = scratch.begin(upload, diskFormat);
        } catch (IOException e) {
            images.discard(imageId);
            throw new ServiceException(ServiceError.INTERNAL,
                    "Cannot prepare the upload of volume %s: %s".formatted(id, e.getMessage()), e);
        }
        if (!volumes.transition(id, Set.of(volume.status()), VolumeStatus.UPLOADING, clock.instant())) {
            scratch.end(upload, export);
            images.discard(imageId);
            throw conflictingChange(id);
        }
        worker.execute(() -> {
            try {
                store.export(new VolumeId(id), format, export);
                images.upload(caller, imageId, export);
            } catch (RuntimeException e) {
                LOG.warn("Uploading volume {} to image {} failed", id, imageId, e);
                images.discard(imageId);
            } finally {
                volumes.transition(id, Set.of(VolumeStatus.UPLOADING), upload.settled(), clock.instant());
                scratch.end(upload, export);
            }
        });
        Map<String, Object> response = new LinkedHashMap<>(images.describe(caller, imageId));
        response.put("id", id);
        response.put("updated_at", clock.instant().toString());
        response.put("status", VolumeStatus.UPLOADING.wireName());
        response.put("display_description", volume.description());
        response.put("size", volume.sizeGib());
        response.put("volume_type", null);
        response.put("image_id", imageId);
        response.put("container_format", containerFormat);
        response.put("disk_format", diskFormat);
        response.put("image_name", imageName);
        return response;
    }

    // Deleting

    public void delete(Caller caller, String id, boolean cascade) {
        Volume volume = get(caller, id);
        if (!DELETABLE.contains(volume.status())) {
            throw ServiceException.invalid("Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.");
        }
        List<Snapshot> dependents = snapshots.listForVolume(id);
        if (!dependents.isEmpty() && !cascade) {
            throw ServiceException.invalid("Invalid volume: Volume %s still has %d dependent snapshots.", id, dependents.size());
        }
        deleteNow(volume, dependents);
    }

    /** An administrator's delete: whatever the volume's state, except attached to a server. */
    public void forceDelete(Caller caller, String id) {
        Volume volume = get(caller, id);
        if (volume.status() == VolumeStatus.IN_USE || volume.status() == VolumeStatus.ATTACHING) {
            throw ServiceException.invalid("Invalid volume: Volume %s is attached to a server; detach it first.", id);
        }
        deleteNow(volume, snapshots.listForVolume(id));
    }

    /**
     * Deletes a volume of the caller's project that the cloud made on its behalf and could not finish (a server's
     * block device mapping that ended in error or timed out): whatever its state, since nothing else uses it yet.
     */
    public void discardUnfinished(Caller caller, String id) {
        Volume volume = get(caller, id);
        deleteNow(volume, snapshots.listForVolume(id));
    }

    private void deleteNow(Volume volume, List<Snapshot> dependents) {
        if (!volumes.transition(volume.id(), Set.of(volume.status()), VolumeStatus.DELETING, clock.instant())) {
            throw conflictingChange(volume.id());
        }
        dependents.forEach(snapshot -> snapshots.update(snapshot.withStatus(SnapshotStatus.DELETING, clock.instant())));
        worker.execute(() -> {
            try {
                for (Snapshot snapshot : dependents) {
                    store.deleteSnapshot(new SnapshotId(snapshot.id()));
                    snapshots.delete(snapshot.id());
                }
                store.delete(new VolumeId(volume.id()));
                volumes.delete(volume.id());
            } catch (RuntimeException e) {
                LOG.warn("Deleting volume {} failed", volume.id(), e);
                volumes.findById(volume.id()).ifPresent(current ->
                        volumes.update(current.withStatus(VolumeStatus.ERROR_DELETING, clock.instant())));
            }
        });
    }

    /** The image a volume is made from; one the caller cannot find is Cinder's 400, not the image service's 404. */
    private VolumeImages.SourceImage sourceImage(Caller caller, String imageId) {
        try {
            return images.find(caller, imageId);
        } catch (StackboxException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw ServiceException.invalid("Invalid image identifier or unable to access requested image.");
            }
            throw e;
        }
    }

    public void resetStatus(Caller caller, String id, String status) {
        Volume volume = get(caller, id);
        VolumeStatus newStatus;
        try {
            newStatus = VolumeStatus.fromWireName(status);
        } catch (IllegalArgumentException e) {
            // Cinder's volume_status format check, which lists the statuses it knows
            throw ServiceException.invalid("Volume status: %s is invalid, valid statuses are: %s.", status,
                    Arrays.stream(VolumeStatus.values()).map(known -> "'" + known.wireName() + "'")
                            .collect(Collectors.joining(", ", "(", ")")));
        }
        volumes.update(volume.withStatus(newStatus, clock.instant()));
    }

    // Snapshots

    public List<Snapshot> listSnapshots(Caller caller, boolean allProjects) {
        if (allProjects && caller.isAdmin()) {
            return snapshots.list(Optional.empty());
        }
        return snapshots.list(Optional.of(requireProject(caller)));
    }

    public Snapshot getSnapshot(Caller caller, String id) {
        return snapshots.findById(id)
                .filter(snapshot -> caller.isAdmin() || snapshot.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ServiceException.notFound("Snapshot %s could not be found.", id));
    }

    public Snapshot createSnapshot(Caller caller, String volumeId, String name, String description, boolean force,
                                   Map<String, String> metadata) {
        Volume volume = get(caller, volumeId);
        if (!(volume.status() == VolumeStatus.AVAILABLE || volume.status() == VolumeStatus.IN_USE && force)) {
            throw ServiceException.invalid("Invalid volume: Volume %s status must be available, but current status is: %s.",
                    volumeId, volume.status().wireName());
        }
        quotas.checkNewSnapshot(volume.projectId(), volume.sizeGib());
        Instant now = clock.instant();
        Snapshot snapshot = new Snapshot(Ids.uuid(), volumeId, volume.projectId(), caller.userId(), name, description,
                volume.sizeGib(), SnapshotStatus.CREATING, metadata, now, now);
        snapshots.insert(snapshot);
        worker.execute(() -> {
            try {
                store.createSnapshot(new SnapshotId(snapshot.id()), new VolumeId(volumeId));
                snapshots.update(snapshot.withStatus(SnapshotStatus.AVAILABLE, clock.instant()));
            } catch (RuntimeException e) {
                LOG.warn("Snapshot {} of volume {} failed", snapshot.id(), volumeId, e);
                snapshots.update(snapshot.withStatus(SnapshotStatus.ERROR, clock.instant()));
            }
        });
        return snapshot;
    }

    /**
     * A snapshot of an in-use volume from the hypervisor's live copy of it ({@code copy} writes the file it is given),
     * made in the caller's thread: the copy is the running guest's disk at one instant, so the volume stays in use.
     * A failed copy leaves no snapshot.
     */
    public Snapshot createSnapshotCopied(Caller caller, String volumeId, String name, Consumer<Path> copy) {
        Volume volume = get(caller, volumeId);
        if (volume.status() != VolumeStatus.IN_USE) {
            throw ServiceException.invalid("Invalid volume: Volume %s status must be in-use, but current status is: %s.",
                    volumeId, volume.status().wireName());
        }
        quotas.checkNewSnapshot(volume.projectId(), volume.sizeGib());
        Instant now = clock.instant();
        Snapshot snapshot = new Snapshot(Ids.uuid(), volumeId, volume.projectId(), caller.userId(), name, null,
                volume.sizeGib(), SnapshotStatus.CREATING, Map.of(), now, now);
        snapshots.insert(snapshot);
        try {
            store.createSnapshotFrom(new SnapshotId(snapshot.id()), new VolumeId(volumeId), copy);
        } catch (RuntimeException e) {
            snapshots.delete(snapshot.id());
            throw e;
        }
        Snapshot available = snapshot.withStatus(SnapshotStatus.AVAILABLE, clock.instant());
        snapshots.update(available);
        return available;
    }

    public Snapshot updateSnapshot(Caller caller, String id, Optional<String> name, Optional<String> description) {
        Snapshot snapshot = getSnapshot(caller, id);
        Snapshot updated = snapshot.withDetails(name.orElse(snapshot.name()), description.orElse(snapshot.description()), clock.instant());
        snapshots.update(updated);
        return updated;
    }

    /** Cinder's snapshot metadata: merged into what the snapshot has, or in place of it ({@code replace}). */
    public Snapshot setSnapshotMetadata(Caller caller, String id, Map<String, String> metadata, boolean replace) {
        Snapshot snapshot = getSnapshot(caller, id);
        Map<String, String> merged = new LinkedHashMap<>(replace ? Map.of() : snapshot.metadata());
        merged.putAll(metadata);
        Snapshot updated = snapshot.withMetadata(merged, clock.instant());
        snapshots.update(updated);
        return updated;
    }

    public void deleteSnapshotMetadataKey(Caller caller, String id, String key) {
        Snapshot snapshot = getSnapshot(caller, id);
        if (!snapshot.metadata().containsKey(key)) {
            throw ServiceException.notFound("Metadata item was not found");
        }
        Map<String, String> remaining = new LinkedHashMap<>(snapshot.metadata());
        remaining.remove(key);
        snapshots.update(snapshot.withMetadata(remaining, clock.instant()));
    }

    public void deleteSnapshot(Caller caller, String id) {
        Snapshot snapshot = getSnapshot(caller, id);
        if (snapshot.status() != SnapshotStatus.AVAILABLE && snapshot.status() != SnapshotStatus.ERROR) {
            throw ServiceException.invalid("Invalid snapshot: Snapshot status must be available or error and must not be part of a group.");
        }
        snapshots.update(snapshot.withStatus(SnapshotStatus.DELETING, clock.instant()));
        worker.execute(() -> {
            try {
                store.deleteSnapshot(new SnapshotId(id));
                snapshots.delete(id);
            } catch (RuntimeException e) {
                LOG.warn("Deleting snapshot {} failed", id, e);
                snapshots.update(snapshot.withStatus(SnapshotStatus.ERROR_DELETING, clock.instant()));
            }
        });
    }

    // Helpers

    /** Runs disk work after the request, then settles the volume in {@code success}, or error with the reason. */
    private void runAndSettle(String id, String action, Runnable work, VolumeStatus success) {
        worker.execute(() -> {
            try {
                work.run();
                volumes.findById(id).ifPresent(current -> volumes.update(current.withStatus(success, clock.instant())));
            } catch (RuntimeException e) {
                LOG.warn("Volume {} {} failed", id, action, e);
                String reason = DataDirectoryFull.causes(e) ? DataDirectoryFull.MESSAGE
                        : e instanceof StackboxException ? e.getMessage() : "The volume could not be created.";
                volumes.findById(id).ifPresent(current -> volumes.update(current.failed(reason, clock.instant())));
            }
        });
    }


    private static int minimumGib(VolumeImages.SourceImage image) {
        long bytes = Math.max(image.sizeBytes(), image.virtualSizeBytes() == null ? 0 : image.virtualSizeBytes());
        int fromBytes = (int) Math.max(1, (bytes + GIBIBYTE - 1) / GIBIBYTE);
        return Math.max(fromBytes, image.minDiskGib());
    }

    private static Map<String, String> imageMetadata(VolumeImages.SourceImage image) {
        Map<String, String> metadata = new LinkedHashMap<>(image.properties());
        metadata.put("image_id", image.id());
        if (image.name() != null) {
            metadata.put("image_name", image.name());
        }
        metadata.put("disk_format", image.diskFormat());
        metadata.put("size", Long.toString(image.sizeBytes()));
        metadata.put("min_disk", Integer.toString(image.minDiskGib()));
        return metadata;
    }

    private static ImageFormat imageFormat(String diskFormat) {
        return ImageFormat.fromDiskFormat(diskFormat).orElseThrow(() -> ServiceException.invalid(
                "Invalid image: images of disk format '%s' cannot be turned into volumes.", diskFormat));
    }

    private static ExportFormat exportFormat(String diskFormat) {
        if (diskFormat.equals("raw")) {
            return ExportFormat.RAW;
        }
        if (diskFormat.equals("qcow2")) {
            return ExportFormat.QCOW2;
        }
        throw ServiceException.invalid("Invalid input received: disk_format '%s' is not supported for upload to image; use raw or qcow2.", diskFormat);
    }

    private static String requireProject(Caller caller) {
        if (caller.projectId() == null) {
            throw ServiceException.forbidden("Volumes belong to projects: use a project-scoped token.");
        }
        return caller.projectId();
    }

    private static ServiceException conflictingChange(String id) {
        return ServiceException.conflict("Volume %s changed status while the request was being handled; try again.", id);
    }
}
