package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.model.Fault;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.compute.store.ServerVolumeRepository;
import org.stackbox.virt.CdromDrives;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;
import org.stackbox.volume.spi.Volumes;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Deleting servers: the task state is taken at once (over any task but another delete), the work is done on the
 * server's serial executor after what was queued before it. Post-condition: the domain, its disks, its media, its
 * ports and its claim are gone, its volumes released (or deleted, as asked), and the server DELETED (a resize that
 * waited for its confirmation confirmed); or it is ERROR with the fault, to be deleted again.
 */
public final class ServerDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(ServerDeletion.class);

    private final ServerRepository servers;
    private final ServerVolumeRepository serverVolumes;
    private final Volumes volumes;
    private final ServerDisks disks;
    private final ServerNetworks networks;
    private final Hypervisor hypervisor;
    private final HostCapacity capacity;
    private final MetadataService metadata;
    private final RemoteConsoles consoles;
    private final ServerTransitions transitions;
    private final ServerMigrations migrations;
    private final Clock clock;

    ServerDeletion(ServerRepository servers, ServerVolumeRepository serverVolumes, Volumes volumes, ServerDisks disks,
                   ServerNetworks networks, Hypervisor hypervisor, HostCapacity capacity, MetadataService metadata,
                   RemoteConsoles consoles, ServerTransitions transitions, ServerMigrations migrations,
                   Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.serverVolumes = requireNonNull(serverVolumes, "serverVolumes is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.disks = requireNonNull(disks, "disks is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.migrations = requireNonNull(migrations, "migrations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Accepts the delete; a second one while the first is under way is accepted without starting it again. */
    public void delete(Caller caller, String serverId) {
        Server server;
        try {
            server = transitions.begin(caller, serverId, ServerAction.DELETE);
        } catch (ServiceException refused) {
            if (transitions.get(caller, serverId).taskState() == TaskState.DELETING) {
                return;
            }
            throw refused;
        }
        consoles.revokeDeleted(serverId);
        transitions.runTask(caller, server, ServerAction.DELETE, "compute_terminate_instance",
                () -> removeOrFail(caller, serverId));
    }

    /**
     * Finishes a delete that a restart of Stackbox interrupted, as Nova's start-up does: the server is still in task
     * {@code deleting}, and Stackbox carries on for its project (the caller who asked is gone with the request).
     */
    public void resume(Server server) {
        Caller stackbox = StackboxCaller.actingFor(server.projectId());
        LOG.info("Finishing the delete of server {}, which a restart of Stackbox interrupted", server.id());
        transitions.runTask(stackbox, server, ServerAction.DELETE, "compute_terminate_instance",
                () -> removeOrFail(stackbox, server.id()));
    }

    private void removeOrFail(Caller caller, String serverId) {
        try {
            remove(caller, serverId);
        } catch (RuntimeException e) {
            servers.failTask(serverId, Set.of(TaskState.DELETING),
                    new Fault(500, String.valueOf(e.getMessage())), clock.instant());
            throw e;
        }
    }

    private void remove(Caller caller, String serverId) {
        List<DiskSource> media = insertedMedia(serverId);
        metadata.stopListening(serverId);
        hypervisor.destroy(serverId);
        disks.delete(serverId);
        media.forEach(medium -> disks.deleteMedium(serverId, medium));
        for (ServerVolume volume : serverVolumes.forServer(serverId)) {
            if (volume.attachmentId() != null) {
                ServerBuilder.quietly(() -> volumes.release(caller, volume.attachmentId()));
            }
            if (volume.deleteOnTermination()) {
                ServerBuilder.quietly(() -> volumes.delete(caller, volume.volumeId()));
            }
            serverVolumes.delete(serverId, volume.volumeId());
        }
        networks.releaseAll(serverId);
        capacity.release(serverId);
        servers.markDeleted(serverId, clock.instant());
        migrations.confirmOnDelete(serverId);
        LOG.info("Server {} is deleted", serverId);
    }

    /** The ISOs put into the server's drives after it was built (see {@link IsoMedia}), whose files go with it. */
    private List<DiskSource> insertedMedia(String serverId) {
        try {
            return CdromDrives.withIso(hypervisor.definition(serverId)).stream()
                    .map(DiskDevice::source)
                    .filter(source -> source instanceof DiskSource.Image)
                    .toList();
        } catch (HypervisorException e) {
            return List.of();
        }
    }
}
