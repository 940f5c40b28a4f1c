package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Migration;
import org.stackbox.compute.model.MigrationStatus;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.store.MigrationRepository;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Nova's migration records of Stackbox's resizes: made when a resize is accepted, moved through Nova's statuses as
 * the resize, its confirmation or its revert goes on (see {@link MigrationStatus}), ended in {@code error} by a
 * failure or a restart; and listed for {@code os-migrations}.
 */
public final class ServerMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMigrations.class);

    private final MigrationRepository migrations;
    private final Clock clock;

    public ServerMigrations(MigrationRepository migrations, Clock clock) {
        this.migrations = requireNonNull(migrations, "migrations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Records a resize of {@code server} from one flavor to another that {@code caller} asked for: pre-migrating. */
    Migration resizeAccepted(Caller caller, Server server, String oldFlavorId, String newFlavorId) {
        String projectId = caller.projectId() == null ? server.projectId() : caller.projectId();
        return migrations.insert(UUID.randomUUID().toString(), server.id(), projectId, caller.userId(),
                Migration.RESIZE, MigrationStatus.PRE_MIGRATING, HostCapacity.HOST_NAME, HostCapacity.HOST_NAME,
                HostCapacity.HOST_IP, oldFlavorId, newFlavorId, clock.instant());
    }

    /** Moves the record on to {@code status} from the one before it ({@code from}); answers whether it was there. */
    boolean advance(Migration migration, MigrationStatus from, MigrationStatus status) {
        return migrations.setStatus(migration.id(), EnumSet.of(from), status, clock.instant());
    }

    /** The record of a step that failed: error, unless it had already ended. */
    void failed(Migration migration) {
        migrations.setStatus(migration.id(), MigrationStatus.IN_PROGRESS, MigrationStatus.ERROR, clock.instant());
    }

    /** Runs a step of the migration's work; if it fails, the record ends in error and the failure goes on. */
    void tracked(Migration migration, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failed(migration);
            throw e;
        }
    }

    /** The server's finished resize, waiting for its confirmation or revert, if it has one. */
    Optional<Migration> awaitingConfirmation(String serverId) {
        return migrations.latest(serverId, MigrationStatus.FINISHED);
    }

    /** A server deleted while its resize waited is confirmed first, as Nova confirms it. */
    void confirmOnDelete(String serverId) {
        awaitingConfirmation(serverId).ifPresent(migration ->
                migrations.setStatus(migration.id(), Set.of(MigrationStatus.FINISHED), MigrationStatus.CONFIRMED,
                        clock.instant()));
    }

    /** After a restart of Stackbox: the work of every record still in progress is gone, and each ends in error. */
    void interruptedByRestart() {
        int interrupted = migrations.setAll(MigrationStatus.IN_PROGRESS, MigrationStatus.ERROR, clock.instant());
        if (interrupted > 0) {
            LOG.info("{} migration(s) interrupted by a restart of Stackbox are in error", interrupted);
        }
    }

    /** The records that {@code filter} keeps, in the order they were made (Nova's list before paging, 2.59). */
    public List<Migration> list(MigrationRepository.Filter filter) {
        return migrations.list(filter);
    }

    /**
     * The records that {@code filter} keeps, newest first, after the one whose uuid is {@code marker}, at most
     * {@code limit}; Nova's 400 when no record has the marker's uuid.
     */
    public List<Migration> page(MigrationRepository.Filter filter, Optional<String> marker, OptionalInt limit) {
        Optional<Migration> last = marker.map(uuid -> migrations.findByUuid(uuid).orElseThrow(() ->
                ServiceException.invalid("Marker %s could not be found.", uuid)));
        return migrations.page(filter, last, limit);
    }

    /** The server's record with Nova's integer id {@code id}, if there is one. */
    public Optional<Migration> ofServer(String serverId, long id) {
        return migrations.findById(id).filter(migration -> migration.serverId().equals(serverId));
    }
}
