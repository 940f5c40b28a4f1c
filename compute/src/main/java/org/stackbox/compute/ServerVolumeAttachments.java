package org.stackbox.compute;

import org.stackbox.common.ErrorKind;
import org.stackbox.common.ServiceException;
import org.stackbox.common.StackboxException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.image.spi.Images;
import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.BlockDeviceLayout;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.FileFormat;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;
import org.stackbox.virt.ImageMeta;
import org.stackbox.volume.spi.Volumes;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The volumes attached to servers ({@code os-volume_attachments}) and the block devices the guest has. A volume is
 * reserved before its attachment is queued and released again if the attachment fails: it ends attached or
 * available, never half.
 */
public final class ServerVolumeAttachments {
    private final ServerVolumeRepository serverVolumes;
    private final Images images;
    private final Volumes volumes;
    private final Hypervisor hypervisor;
    private final ServerTransitions transitions;
    private final ComputeConfig config;
    private final Clock clock;

    ServerVolumeAttachments(ServerVolumeRepository serverVolumes, Images images, Volumes volumes,
                            Hypervisor hypervisor, ServerTransitions transitions, ComputeConfig config, Clock clock) {
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.images = requireNonNull(images, "images is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public List<ServerVolume> list(Caller caller, String serverId) {
        transitions.get(caller, serverId);
        return serverVolumes.forServer(serverId);
    }

    /** The attachments of a server the caller has found already (for the server views). */
    public List<ServerVolume> of(Server server) {
        return serverVolumes.forServer(server.id());
    }

    public ServerVolume get(Caller caller, String serverId, String volumeId) {
        transitions.get(caller, serverId);
        return serverVolumes.find(serverId, volumeId).orElseThrow(() ->
                ServiceException.notFound("Volume %s is not attached to %s.", volumeId, serverId));
    }

    public ServerVolume attach(Caller caller, String serverId, String volumeId, boolean deleteOnTermination) {
        // As Nova: the server, then the volume (VolumeNotFound is a 404 here), and only then the task begins.
        transitions.get(caller, serverId);
        volumes.find(caller, volumeId);
        Server server = transitions.begin(caller, serverId, ServerAction.ATTACH_VOLUME);
        if (serverVolumes.find(serverId, volumeId).isPresent()) {
            throw ServiceException.invalid("Invalid volume: volume %s is already attached to instance %s.", volumeId,
                    serverId);
        }
        String attachmentId = volumes.reserve(caller, volumeId, serverId);
        try {
            return transitions.runChecked(caller, server, ServerAction.ATTACH_VOLUME, "compute_attach_volume", () -> {
                DomainSpec current = hypervisor.definition(serverId);
                // Read once reserved, when the flag can no longer change (Cinder changes it on available volumes only).
                DiskDevice device = BlockDeviceLayout.hotPlugDevice(current, new DiskSource.Volume(volumeId),
                        DeviceType.DISK, Optional.empty(), imageMeta(caller, server))
                        .withReadOnly(volumes.find(caller, volumeId).readOnly());
                Path path = volumes.connect(caller, attachmentId, "/dev/" + device.target());
                hypervisor.attachDisk(serverId, device, new DiskFile(path, FileFormat.QCOW2));
                ServerVolume attached = new ServerVolume(serverId, volumeId, attachmentId, "/dev/" + device.target(),
                        null, deleteOnTermination, clock.instant());
                serverVolumes.insert(attached);
                transitions.saveDomainSpec(serverId);
                return attached;
            });
        } catch (RuntimeException e) {
            ServerBuilder.quietly(() -> volumes.release(caller, attachmentId));
            throw e;
        }
    }

    /**
     * Detaches a volume as Nova does, asynchronously: the volume is {@code detaching} when this returns, then
     * {@code available} once the guest let go of its disk, or {@code in-use} again, with the instance action's error,
     * if the guest kept it past the detach timeout.
     */
    public void detach(Caller caller, String serverId, String volumeId) {
        Server server = transitions.get(caller, serverId);
        ServerVolume volume = serverVolumes.find(serverId, volumeId).orElseThrow(() ->
                ServiceException.notFound("volume_id not found: %s", volumeId));
        if (volume.isRoot()) {
            throw ServiceException.forbidden("Can't detach root device volume");
        }
        transitions.begin(caller, serverId, ServerAction.DETACH_VOLUME);
        if (volume.attachmentId() != null) {
            volumes.beginDetaching(caller, volume.attachmentId());
        }
        transitions.submitChecked(caller, server, ServerAction.DETACH_VOLUME, "compute_detach_volume", () -> {
            Optional<DiskDevice> device = hypervisor.definition(serverId)
                    .diskWithSource(new DiskSource.Volume(volumeId));
            if (device.isPresent()) {
                hypervisor.detachDisk(serverId, device.get().target(), config.detachTimeout());
            }
            if (volume.attachmentId() != null) {
                volumes.release(caller, volume.attachmentId());
            }
            serverVolumes.delete(serverId, volumeId);
            transitions.saveDomainSpec(serverId);
            return null;
        }).whenComplete((done, failure) -> {
            if (failure != null && volume.attachmentId() != null) {
                ServerBuilder.quietly(() -> volumes.rollDetaching(caller, volume.attachmentId()));
            }
        });
    }

    /**
     * The operator's block device list, as the running guest has it; empty for a server without a domain. Who may
     * see it is the policy's decision (stackbox:compute:servers:block-devices, administrators by default).
     */
    public List<BlockDeviceEntry> blockDevices(Caller caller, String serverId) {
        transitions.get(caller, serverId);
        try {
            return hypervisor.blockDevices(serverId);
        } catch (HypervisorException e) {
            if (e.error() == HypervisorException.Error.DOMAIN_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    /** The volume, as the caller may see it; one that does not exist is Nova's invalid block device mapping. */
    static Volumes.VolumeDescription findVolume(Volumes volumes, Caller caller, String volumeId) {
        try {
            return volumes.find(caller, volumeId);
        } catch (StackboxException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw ServiceException.invalid("Block Device Mapping is Invalid: failed to get volume %s.", volumeId);
            }
            throw e;
        }
    }

    private Optional<ImageMeta> imageMeta(Caller caller, Server server) {
        return Optional.ofNullable(server.imageId()).flatMap(id -> images.findActive(caller, id))
                .map(CreateRules::imageMeta);
    }
}
