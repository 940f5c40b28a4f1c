package org.stackbox.volume;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.Ids;
import org.stackbox.storage.block.BlockStore;
import org.stackbox.storage.block.VolumeId;
import org.stackbox.volume.model.Attachment;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;
import org.stackbox.volume.store.AttachmentRepository;
import org.stackbox.volume.store.VolumeRepository;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The attachment bookkeeping between volumes and servers, as Cinder's attachments API keeps it: reserve (the volume
 * becomes {@code reserved}), connect ({@code in-use}), and delete ({@code available} again). A volume backs one
 * server at a time: reserving a volume that is not {@code available} is refused.
 */
public final class VolumeAttachments {
    private final VolumeRepository volumes;
    private final AttachmentRepository attachments;
    private final VolumeService service;
    private final BlockStore store;
    private final Clock clock;

    public VolumeAttachments(VolumeRepository volumes, AttachmentRepository attachments, VolumeService service,
                             BlockStore store, Clock clock) {
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.service = requireNonNull(service, "service is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Reserves the volume for the server; the volume must be {@code available}. The attachment is read-only
     * ({@code ro}) when the volume is, and so is a read-only volume's when no mode is asked for; a read-only volume
     * asked for {@code rw} is Cinder's 400. As Cinder, the first attachment records the flag as "False" if never set.
     */
    public Attachment reserve(Caller caller, String volumeId, String serverId, String attachMode) {
        Volume volume = service.get(caller, volumeId);
        String mode = attachMode == null ? (volume.readOnly() ? "ro" : "rw") : attachMode;
        if (volume.readOnly() && !mode.equals("ro")) {
            throw ServiceException.invalid("Invalid attaching mode '%s' for volume %s.", mode, volumeId);
        }
        if (!volumes.transition(volumeId, Set.of(VolumeStatus.AVAILABLE), VolumeStatus.RESERVED, clock.instant())) {
            if (volume.status() == VolumeStatus.IN_USE || volume.status() == VolumeStatus.RESERVED || volume.status() == VolumeStatus.ATTACHING) {
                throw ServiceException.invalid("Invalid volume: Volume %s status must be available to reserve, but the current status is %s: it is in use by another server and is not multiattach.",
                        volumeId, volume.status().wireName());
            }
            throw ServiceException.invalid("Invalid volume: Volume %s status must be available to reserve, but the current status is %s.",
                    volumeId, volume.status().wireName());
        }
        Attachment attachment = new Attachment(Ids.uuid(), volumeId, serverId, Attachment.Status.RESERVED, null, null,
                mode, null, clock.instant());
        if (!volume.adminMetadata().containsKey(Volume.READ_ONLY)) {
            volumes.update(volume.withStatus(VolumeStatus.RESERVED, clock.instant()).withReadOnly(false, clock.instant()));
        }
        attachments.insert(attachment);
        return attachment;
    }

    /**
     * After a restart: a reserve that the restart cut between marking the volume {@code reserved} and recording its
     * attachment left a volume that no server can ever finish or release; with no attachment it is
     * {@code available} again. Volumes with attachments are settled by their servers' recovery.
     */
    public void recover() {
        for (Volume volume : volumes.list(Optional.empty())) {
            if ((volume.status() == VolumeStatus.RESERVED || volume.status() == VolumeStatus.ATTACHING)
                    && attachments.listForVolume(volume.id()).isEmpty()) {
                volumes.transition(volume.id(), Set.of(VolumeStatus.RESERVED, VolumeStatus.ATTACHING),
                        VolumeStatus.AVAILABLE, clock.instant());
            }
        }
    }

    /** The server's hypervisor has connected the volume as {@code device}: the volume is {@code in-use}. */
    public Attachment complete(Caller caller, String attachmentId, String device, String hostName) {
        Attachment attachment = find(caller, attachmentId);
        Attachment attached = attachment.attached(device, hostName, clock.instant());
        attachments.update(attached);
        volumes.transition(attachment.volumeId(), Set.of(VolumeStatus.RESERVED, VolumeStatus.ATTACHING), VolumeStatus.IN_USE, clock.instant());
        return attached;
    }

    /**
     * The server begins to let the volume go ({@code os-begin_detaching}): the volume is {@code detaching} until the
     * attachment is deleted or {@link #rollDetaching rolled back}. Only an {@code in-use} volume begins to detach.
     */
    public void beginDetaching(Caller caller, String attachmentId) {
        Attachment attachment = find(caller, attachmentId);
        if (!volumes.transition(attachment.volumeId(), Set.of(VolumeStatus.IN_USE), VolumeStatus.DETACHING,
                clock.instant())) {
            throw ServiceException.invalid("Invalid volume: Unable to detach volume. Volume status must be 'in-use' "
                    + "and attach_status must be 'attached' to detach.");
        }
    }

    /** The server kept the volume ({@code os-roll_detaching}): {@code in-use} again. */
    public void rollDetaching(Caller caller, String attachmentId) {
        Attachment attachment = find(caller, attachmentId);
        volumes.transition(attachment.volumeId(), Set.of(VolumeStatus.DETACHING), VolumeStatus.IN_USE, clock.instant());
    }

    /** Ends the attachment; the volume is {@code available} again once it has no other attachment. */
    public void delete(Caller caller, String attachmentId) {
        Attachment attachment = find(caller, attachmentId);
        attachments.delete(attachmentId);
        if (attachments.listForVolume(attachment.volumeId()).isEmpty()) {
            volumes.transition(attachment.volumeId(), Set.of(VolumeStatus.RESERVED, VolumeStatus.ATTACHING,
                    VolumeStatus.IN_USE, VolumeStatus.DETACHING), VolumeStatus.AVAILABLE, clock.instant());
        }
    }

    public Attachment find(Caller caller, String attachmentId) {
        Attachment attachment = attachments.findById(attachmentId)
                .orElseThrow(() -> ServiceException.notFound("Volume attachment %s could not be found.", attachmentId));
        service.get(caller, attachment.volumeId());
        return attachment;
    }

    public List<Attachment> forVolume(String volumeId) {
        return attachments.listForVolume(volumeId);
    }

    /** Attachments the caller may see: its project's volumes', or all of them for an administrator. */
    public List<Attachment> list(Caller caller) {
        return attachments.list().stream().filter(attachment -> maySee(caller, attachment)).toList();
    }

    /** The attachments made for a server that the caller may see. */
    public List<Attachment> forServer(Caller caller, String serverId) {
        return attachments.list().stream().filter(attachment -> serverId.equals(attachment.serverId()))
                .filter(attachment -> maySee(caller, attachment)).toList();
    }

    private boolean maySee(Caller caller, Attachment attachment) {
        return volumes.findById(attachment.volumeId())
                .map(volume -> caller.isAdmin() || volume.projectId().equals(caller.projectId())).orElse(false);
    }

    /** The file the hypervisor opens for an attached or reserved volume. */
    public Path localPath(Caller caller, String attachmentId) {
        return store.localPath(new VolumeId(find(caller, attachmentId).volumeId()));
    }
}
