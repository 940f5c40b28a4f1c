package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;
import org.stackbox.volume.spi.Volumes;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Volume attachments that a restart of Stackbox interrupted, settled at start. An attach reserves the volume,
 * connects it, plugs it into the domain, then records it with the server; a volume the domain has is recorded (the
 * attach is finished), any other attachment the server's records do not hold is released (it is rolled back), so
 * that no volume stays reserved, or in-use for a server that does not list it.
 */
final class InterruptedAttachments {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedAttachments.class);

    private final ServerVolumeRepository serverVolumes;
    private final Volumes volumes;
    private final Hypervisor hypervisor;
    private final Clock clock;

    InterruptedAttachments(ServerVolumeRepository serverVolumes, Volumes volumes, Hypervisor hypervisor, Clock clock) {
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Finishes or rolls back each attachment of the server that its records do not hold. */
    void settle(Server server) {
        Caller stackbox = StackboxCaller.actingFor(server.projectId());
        Set<String> recorded = serverVolumes.forServer(server.id()).stream().map(ServerVolume::attachmentId)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        List<Volumes.AttachmentDescription> unrecorded = volumes.attachmentsOf(stackbox, server.id()).stream()
                .filter(attachment -> !recorded.contains(attachment.id())).toList();
        if (unrecorded.isEmpty()) {
            return;
        }
        Optional<DomainSpec> domain = definition(server.id());
        for (Volumes.AttachmentDescription attachment : unrecorded) {
            Optional<DiskDevice> disk = domain.flatMap(spec -> spec.diskWithSource(new DiskSource.Volume(attachment.volumeId())));
            if (attachment.device() != null && disk.isPresent()) {
                serverVolumes.insert(new ServerVolume(server.id(), attachment.volumeId(), attachment.id(),
                        "/dev/" + disk.get().target(), null, false, clock.instant()));
                LOG.info("Volume {} is attached to server {}: a restart of Stackbox interrupted the attach after the"
                        + " domain had the disk", attachment.volumeId(), server.id());
            } else {
                volumes.release(stackbox, attachment.id());
                LOG.info("Volume {} is released from server {}: a restart of Stackbox interrupted its attach",
                        attachment.volumeId(), server.id());
            }
        }
    }

    private Optional<DomainSpec> definition(String serverId) {
        try {
            return Optional.of(hypervisor.definition(serverId));
        } catch (HypervisorException e) {
            return Optional.empty();
        }
    }
}
