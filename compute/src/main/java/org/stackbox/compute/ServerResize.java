package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.ComputeFlavor;
import org.stackbox.compute.model.Migration;
import org.stackbox.compute.model.MigrationStatus;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.Hypervisor;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Nova's cold resize, on this one host: the guest is stopped, the domain gets the new flavor's CPUs and memory and
 * its root disk grows to the new flavor's disk (its data before kept aside), and the guest starts again if it ran.
 * The server then waits in VERIFY_RESIZE: a confirm drops what was kept, a revert goes back to the old flavor and the
 * root disk as it was. A disk never shrinks: a flavor with a smaller disk is refused. Each resize is recorded as
 * Nova's migration record ({@link ServerMigrations}).
 */
public final class ServerResize {
    private final ServerRepository servers;
    private final ComputeFlavors flavors;
    private final ServerDisks disks;
    private final Hypervisor hypervisor;
    private final HostCapacity capacity;
    private final ComputeQuotas quotas;
    private final RemoteConsoles consoles;
    private final ServerTransitions transitions;
    private final ServerPowerActions power;
    private final ServerMigrations migrations;
    private final Clock clock;

    ServerResize(ServerRepository servers, ComputeFlavors flavors, ServerDisks disks, Hypervisor hypervisor,
                 HostCapacity capacity, ComputeQuotas quotas, RemoteConsoles consoles, ServerTransitions transitions,
                 ServerPowerActions power, ServerMigrations migrations, Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.disks = requireNonNull(disks, "disks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.power = requireNonNull(power, "power is null");
        this.migrations = requireNonNull(migrations, "migrations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts a resize to {@code flavorRef}; the server shows RESIZE, then VERIFY_RESIZE. */
    public void resize(Caller caller, String serverId, String flavorRef) {
        Server server = transitions.get(caller, serverId);
        ComputeFlavor from = flavors.get(server.flavorId());
        ComputeFlavor to = flavors.find(flavorRef).filter(flavor -> !flavor.deleted())
                .filter(flavor -> flavors.usableBy(caller, flavor))
                .orElseThrow(() -> ServiceException.invalid("Flavor %s could not be found.", flavorRef));
        if (to.id().equals(from.id())) {
            throw ServiceException.invalid("When resizing, instances must change flavor!");
        }
        if (server.imageId() != null && to.diskGib() < from.diskGib()) {
            throw ServiceException.invalid("Resize error: Unable to resize disk down.");
        }
        quotas.requireRoomForResize(server.projectId(), from, to);
        Server before = transitions.begin(caller, serverId, ServerAction.RESIZE);
        Migration migration = migrations.resizeAccepted(caller, before, from.id(), to.id());
        consoles.revokeStopped(serverId);
        transitions.runTask(caller, before, ServerAction.RESIZE, "compute_resize_instance",
                () -> migrations.tracked(migration, () -> resize(caller, before, migration, from, to)),
                () -> migrations.failed(migration));
    }

    /** The resize's work, on the server's executor: its record goes migrating, post-migrating, finished. */
    private void resize(Caller caller, Server before, Migration migration, ComputeFlavor from, ComputeFlavor to) {
        String serverId = before.id();
        migrations.advance(migration, MigrationStatus.PRE_MIGRATING, MigrationStatus.MIGRATING);
        capacity.release(serverId);
        if (!capacity.claim(serverId, resources(to))) {
            capacity.claim(serverId, resources(from));
            throw ServiceException.internal(ServerBuilder.NO_VALID_HOST);
        }
        boolean wasRunning = stop(serverId, caller, before);
        try {
            disks.beginResize(serverId, to.diskGib(), clock.instant());
            hypervisor.resize(serverId, to.vcpus(), to.memoryMib());
        } catch (RuntimeException e) {
            ServerBuilder.quietly(() -> hypervisor.resize(serverId, from.vcpus(), from.memoryMib()));
            ServerBuilder.quietly(() -> disks.revertResize(serverId));
            capacity.release(serverId);
            capacity.claim(serverId, resources(from));
            if (wasRunning) {
                ServerBuilder.quietly(() -> hypervisor.powerOn(serverId));
            }
            throw e;
        }
        migrations.advance(migration, MigrationStatus.MIGRATING, MigrationStatus.POST_MIGRATING);
        if (wasRunning) {
            hypervisor.powerOn(serverId);
        }
        // As Nova's finish_resize: the record is finished before the server shows VERIFY_RESIZE.
        migrations.advance(migration, MigrationStatus.POST_MIGRATING, MigrationStatus.FINISHED);
        if (!servers.resized(serverId, to.id(), from.id(), powerState(serverId), clock.instant())) {
            migrations.advance(migration, MigrationStatus.FINISHED, MigrationStatus.ERROR);
            throw ServiceException.conflict("Server %s was taken over while it was resized", serverId);
        }
    }

    /** Confirms the resize: the server keeps its new flavor, and what a revert needed goes; its record is confirmed. */
    public void confirm(Caller caller, String serverId) {
        Server server = transitions.begin(caller, serverId, ServerAction.CONFIRM_RESIZE);
        transitions.runChecked(caller, server, ServerAction.CONFIRM_RESIZE, "compute_confirm_resize", () -> {
            Optional<Migration> migration = ending(serverId, MigrationStatus.CONFIRMING);
            boolean confirmed = ended(migration, MigrationStatus.CONFIRMING, () -> {
                disks.confirmResize(serverId);
                PowerState power = powerState(serverId);
                return servers.endResize(serverId, ServerStatus.RESIZED, null, server.flavorId(), statusOf(power),
                        power, clock.instant());
            });
            migration.ifPresent(record -> migrations.advance(record, MigrationStatus.CONFIRMING,
                    confirmed ? MigrationStatus.CONFIRMED : MigrationStatus.ERROR));
            return confirmed;
        });
    }

    /**
     * Reverts the resize: the old flavor, and the root disk as it was before the resize; its record goes reverting,
     * then reverted.
     */
    public void revert(Caller caller, String serverId) {
        Server server = transitions.get(caller, serverId);
        ServerAction.REVERT_RESIZE.requireLegal(server);
        String oldFlavor = servers.flavorBeforeResize(serverId).orElseThrow(() ->
                ServiceException.conflict("Server %s has no resize to revert", serverId));
        ComputeFlavor from = flavors.get(oldFlavor);
        Server before = transitions.begin(caller, serverId, ServerAction.REVERT_RESIZE);
        consoles.revokeStopped(serverId);
        transitions.runTask(caller, before, ServerAction.REVERT_RESIZE, "compute_revert_resize", () -> {
            Optional<Migration> migration = ending(serverId, MigrationStatus.REVERTING);
            boolean reverted = ended(migration, MigrationStatus.REVERTING, () -> {
                boolean wasRunning = stop(serverId, caller, before);
                disks.revertResize(serverId);
                hypervisor.resize(serverId, from.vcpus(), from.memoryMib());
                capacity.release(serverId);
                capacity.claim(serverId, resources(from));
                if (wasRunning) {
                    hypervisor.powerOn(serverId);
                }
                PowerState power = powerState(serverId);
                return servers.endResize(serverId, ServerStatus.RESIZED, TaskState.RESIZE_REVERTING, from.id(),
                        statusOf(power), power, clock.instant());
            });
            migration.ifPresent(record -> migrations.advance(record, MigrationStatus.REVERTING,
                    reverted ? MigrationStatus.REVERTED : MigrationStatus.ERROR));
        });
    }

    /** The server's finished resize, now {@code ending} (confirming or reverting), if a record of it is kept. */
    private Optional<Migration> ending(String serverId, MigrationStatus ending) {
        return migrations.awaitingConfirmation(serverId)
                .filter(migration -> migrations.advance(migration, MigrationStatus.FINISHED, ending));
    }

    /** Runs the end of a resize; if it fails, its record (in {@code ending}) is in error and the failure goes on. */
    private boolean ended(Optional<Migration> migration, MigrationStatus ending, Supplier<Boolean> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            migration.ifPresent(record -> migrations.advance(record, ending, MigrationStatus.ERROR));
            throw e;
        }
    }

    /** Stops the guest as a stop does (cleanly, within the shutdown timeout); answers whether it ran. */
    private boolean stop(String serverId, Caller caller, Server server) {
        boolean running = hypervisor.state(serverId) == DomainState.RUNNING;
        if (running) {
            hypervisor.powerOff(serverId, power.shutdownTimeout(caller, server));
        }
        return running;
    }

    private PowerState powerState(String serverId) {
        return PowerState.of(hypervisor.state(serverId));
    }

    private static ServerStatus statusOf(PowerState power) {
        return power == PowerState.RUNNING || power == PowerState.PAUSED ? ServerStatus.ACTIVE : ServerStatus.SHUTOFF;
    }

    private static HostCapacity.Resources resources(ComputeFlavor flavor) {
        return new HostCapacity.Resources(flavor.vcpus(), flavor.memoryMib(), flavor.diskGib());
    }
}
