package org.stackbox.volume.spi;

import org.stackbox.common.auth.Caller;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The block storage service as the compute service uses it, in process, with the same rules as the HTTP API: a
 * caller sees only its project's volumes, and a volume backs one server at a time.
 */
public interface Volumes {
    /**
     * A volume as the compute service sees it. {@code status} is Cinder's word for it ({@code available}, {@code
     * in-use} ...); {@code readOnly}: its attachments connect it read-only ({@code os-update_readonly_flag}).
     */
    record VolumeDescription(String id, String name, int sizeGib, String status, boolean bootable,
                             Map<String, String> imageMetadata, boolean readOnly) {
        public VolumeDescription {
            imageMetadata = imageMetadata == null ? Map.of() : Map.copyOf(imageMetadata);
        }
    }

    /** A volume reserved for a server ({@code device} null) or connected to it as {@code device}. */
    record AttachmentDescription(String id, String volumeId, String device) {
        public AttachmentDescription {
            requireNonNull(id, "id is null");
            requireNonNull(volumeId, "volumeId is null");
        }
    }

    /** A volume snapshot as the compute service sees it: what a volume made from it starts as. */
    record SnapshotDescription(String id, String volumeId, int sizeGib, String status) {
        public SnapshotDescription {
            requireNonNull(id, "id is null");
            requireNonNull(status, "status is null");
        }
    }

    /**
     * A volume as Cinder's API describes it, for Nova's volume proxy ({@code os-volumes}): {@code volumeType} is the
     * type's name, {@code attachments} the servers it is attached to.
     */
    record VolumeDetail(String id, String name, String description, int sizeGib, String status,
                        String availabilityZone, Instant createdAt, String volumeType, String snapshotId,
                        Map<String, String> metadata, List<ServerAttachment> attachments) {
        public VolumeDetail {
            requireNonNull(id, "id is null");
            requireNonNull(status, "status is null");
            metadata = Map.copyOf(metadata);
            attachments = List.copyOf(attachments);
        }
    }

    /** A server a volume is attached to, and the volume's device there (null while the server has not named one). */
    record ServerAttachment(String serverId, String device) {
        public ServerAttachment {
            requireNonNull(serverId, "serverId is null");
        }
    }

    /** What a caller asks of a new volume through Nova's proxy: Cinder's create fields that Nova passes on. */
    record VolumeRequest(int sizeGib, String name, String description, Optional<String> volumeType,
                         Optional<String> availabilityZone, Optional<String> snapshotId, Map<String, String> metadata) {
        public VolumeRequest {
            requireNonNull(volumeType, "volumeType is null");
            requireNonNull(availabilityZone, "availabilityZone is null");
            requireNonNull(snapshotId, "snapshotId is null");
            metadata = Map.copyOf(metadata);
        }
    }

    /** A volume snapshot as Cinder's API describes it, for Nova's snapshot proxy ({@code os-snapshots}). */
    record SnapshotDetail(String id, String volumeId, String name, String description, int sizeGib, String status,
                          Instant createdAt) {
        public SnapshotDetail {
            requireNonNull(id, "id is null");
            requireNonNull(status, "status is null");
        }
    }

    /** The caller's project's volumes, as Cinder lists them to it. */
    List<VolumeDetail> list(Caller caller);

    /** The volume if the caller may see it (its project's, or any for an administrator); 404 otherwise. */
    VolumeDetail detail(Caller caller, String volumeId);

    /**
     * Asks for a volume, blank or from a snapshot, as Cinder's create does (its checks, messages and quotas: over
     * quota is {@link org.stackbox.common.ErrorKind#OVER_LIMIT}); returns at once, the volume {@code creating}.
     */
    VolumeDetail create(Caller caller, VolumeRequest request);

    /**
     * Deletes the volume as Cinder's delete does: only available or failed, not attached; with {@code cascade} its
     * snapshots go with it, without it a volume that has snapshots is refused (400).
     */
    void delete(Caller caller, String volumeId, boolean cascade);

    /** The caller's project's volume snapshots, as Cinder lists them to it. */
    List<SnapshotDetail> listSnapshots(Caller caller);

    /** The snapshot if the caller may see it; 404 otherwise. */
    SnapshotDetail snapshotDetail(Caller caller, String snapshotId);

    /**
     * Asks for a snapshot of the volume as Cinder's create does: of an available volume, or with {@code force} of an
     * in-use one; returns at once, the snapshot {@code creating}.
     */
    SnapshotDetail createSnapshot(Caller caller, String volumeId, boolean force, String name, String description);

    /** Deletes the snapshot as Cinder's delete does: 404 when unknown, 400 unless it is available or in error. */
    void deleteSnapshot(Caller caller, String snapshotId);

    /** The attachments made for the server, reserved or connected, of the volumes the caller may see. */
    List<AttachmentDescription> attachmentsOf(Caller caller, String serverId);

    /** The volume if the caller's project owns it; 404 otherwise. */
    VolumeDescription find(Caller caller, String volumeId);

    /**
     * Creates a volume for a server's block device mapping (blank, or from an image when {@code imageId} is given)
     * and waits up to {@code timeout} for it to be available; a volume that ends in error is deleted and the
     * failure reported.
     */
    VolumeDescription create(Caller caller, String name, int sizeGib, Optional<String> imageId, Duration timeout);

    /** As {@link #create}, a volume holding the snapshot's data, for a mapping {@code source=snapshot,dest=volume}. */
    VolumeDescription createFromSnapshot(Caller caller, String name, int sizeGib, String snapshotId, Duration timeout);

    /** The snapshot if the caller's project owns it; 404 otherwise. */
    SnapshotDescription findSnapshot(Caller caller, String snapshotId);

    /**
     * Snapshots the volume (forced: it may be in use, by a guest that is not running) and waits up to {@code timeout}
     * for the snapshot to be available; a snapshot that ends in error is deleted and the failure reported.
     *
     * @return the snapshot
     */
    SnapshotDescription snapshot(Caller caller, String volumeId, String name, Duration timeout);

    /**
     * Snapshots a volume that a running guest has open from a copy the caller makes: {@code copy} writes the file it
     * is given as one self-contained qcow2 file of the volume's size (the hypervisor's live copy of the disk), which
     * becomes the snapshot. Returns once the snapshot is available; a failed copy leaves no snapshot.
     *
     * @return the snapshot
     */
    SnapshotDescription snapshotCopied(Caller caller, String volumeId, String name, Consumer<Path> copy);

    /** Deletes a snapshot (one made for an image that was given up); deleting a missing one does nothing. */
    void discardSnapshot(Caller caller, String snapshotId);

    /** Reserves the volume for the server; 400 when it is not available (for example in use by another server). */
    String reserve(Caller caller, String volumeId, String serverId);

    /** The server's hypervisor has the volume as {@code device}; returns the file it opens. The volume is in-use. */
    Path connect(Caller caller, String attachmentId, String device);

    /** The server begins to let the volume go: it is {@code detaching}; 400 unless it is {@code in-use}. */
    void beginDetaching(Caller caller, String attachmentId);

    /** The server kept the volume after all: it is {@code in-use} again. */
    void rollDetaching(Caller caller, String attachmentId);

    /** Ends the attachment; the volume is available again. Releasing an unknown attachment does nothing. */
    void release(Caller caller, String attachmentId);

    /** Marks the volume bootable or not, as {@code cinder set-bootable} does. */
    void setBootable(Caller caller, String volumeId, boolean bootable);

    /** Deletes the volume (for {@code delete_on_termination}); it must not be attached any more. */
    void delete(Caller caller, String volumeId);
}
