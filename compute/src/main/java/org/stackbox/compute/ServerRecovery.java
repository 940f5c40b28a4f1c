package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.compute.metadata.MetadataService;
import org.stackbox.compute.model.Fault;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.store.FlavorRepository;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.Hypervisor;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The database brought in line with the host: once at start-up (what a restart of Stackbox interrupted, and the
 * domains that kept running), and periodically for guests that powered themselves off.
 */
public final class ServerRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRecovery.class);

    private final ServerRepository servers;
    private final FlavorRepository flavors;
    private final Hypervisor hypervisor;
    private final HostCapacity capacity;
    private final MetadataService metadata;
    private final SerialExecutors executors;
    private final ServerTransitions transitions;
    private final ServerDeletion deletion;
    private final InterruptedAttachments attachments;
    private final ServerMigrations migrations;
    private final Clock clock;

    ServerRecovery(ServerRepository servers, FlavorRepository flavors, Hypervisor hypervisor, HostCapacity capacity,
                   MetadataService metadata, SerialExecutors executors, ServerTransitions transitions,
                   ServerDeletion deletion, InterruptedAttachments attachments, ServerMigrations migrations,
                   Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.deletion = requireNonNull(deletion, "deletion is null");
        this.attachments = requireNonNull(attachments, "attachments is null");
        this.migrations = requireNonNull(migrations, "migrations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Reconciles the database with the domains found on this host: running QEMUs keep running (ACTIVE), dead ones are
     * SHUTOFF, a suspended server whose saved state is on disk stays SUSPENDED with no QEMU (its resume starts one),
     * a build that a restart interrupted is ERROR, a delete it interrupted is finished, a power action it
     * interrupted ends with the domain's state, a volume attach it interrupted is finished or rolled back, a resize (or
     * its confirmation or revert) it interrupted leaves its migration record in error, domains of
     * deleted servers are removed; the guests of servers with a domain are answered on their metadata sockets again.
     */
    public void recover() {
        migrations.interruptedByRestart();
        Map<String, DomainState> domains = new HashMap<>();
        hypervisor.reconcile().forEach(status -> domains.put(status.serverId(), status.state()));
        for (Server server : servers.listLive(Optional.empty())) {
            DomainState state = domains.remove(server.id());
            attachments.settle(server);
            if (server.taskState() == TaskState.DELETING) {
                if (server.host() != null) {
                    claim(server);
                }
                deletion.resume(server);
                continue;
            }
            if (server.status() == ServerStatus.BUILD) {
                servers.markFailed(server.id(), new Fault(500, "Build interrupted by a restart of Stackbox."),
                        clock.instant());
                if (server.host() != null && state != null) {
                    claim(server);
                }
                continue;
            }
            if (server.host() != null) {
                claim(server);
            }
            if (state == null) {
                if (server.status() != ServerStatus.ERROR) {
                    if (server.taskState() != null) {
                        servers.finishTask(server.id(), server.taskState(), ServerStatus.SHUTOFF, PowerState.NOSTATE,
                                clock.instant());
                    } else {
                        servers.recordPowerState(server.id(), server.status(), ServerStatus.SHUTOFF,
                                PowerState.NOSTATE, clock.instant());
                    }
                }
                continue;
            }
            if (server.status() != ServerStatus.ERROR) {
                transitions.settle(server.id(), Optional.ofNullable(server.taskState()));
            }
            metadata.listen(server.id());
        }
        for (String orphan : domains.keySet()) {
            LOG.info("Removing the domain of deleted server {}", orphan);
            ServerBuilder.quietly(() -> hypervisor.destroy(orphan));
        }
    }

    /** Checks the running servers' domains (a guest may power itself off): called periodically. */
    public void syncPowerStates() {
        for (Server server : servers.listLive(Optional.empty())) {
            if (server.status() == ServerStatus.ACTIVE && server.taskState() == null) {
                executors.submit(server.id(), () -> transitions.settle(server.id(), Optional.empty()));
            }
        }
    }

    private void claim(Server server) {
        flavors.findById(server.flavorId()).ifPresent(flavor -> capacity.claim(server.id(),
                new HostCapacity.Resources(flavor.vcpus(), flavor.memoryMib(), flavor.diskGib())));
    }
}
