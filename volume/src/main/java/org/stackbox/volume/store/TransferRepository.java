package org.stackbox.volume.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.stackbox.volume.model.Transfer;
import org.stackbox.volume.model.VolumeStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Volume transfers, and the changes of the volume (and its snapshots) that go with each, in one transaction: an offer
 * is made only while the volume is available, and accepting it moves the volume and removes the offer together.
 * Who sees an offer follows the volume's project, as Cinder's query joins the transfer to its volume.
 */
public final class TransferRepository {
    private static final RowMapper<Transfer> MAPPER = (row, context) -> new Transfer(
            row.getString("id"), row.getString("volume_id"), row.getString("name"), row.getString("salt"),
            row.getString("crypt_hash"), row.getBoolean("no_snapshots"), row.getString("source_project_id"),
            Instant.ofEpochMilli(row.getLong("created_at")));
    /** An offer and its volume: who sees an offer is who sees its volume. */
    private static final String SELECT = "SELECT t.* FROM volume_transfers t JOIN volumes v ON v.id = t.volume_id ";
    private static final String AVAILABLE = VolumeStatus.AVAILABLE.wireName();
    private static final String AWAITING = VolumeStatus.AWAITING_TRANSFER.wireName();

    /** What became of an acceptance. */
    public enum Acceptance { ACCEPTED, VOLUME_NOT_AWAITING, SNAPSHOT_NOT_AVAILABLE }

    private final Jdbi jdbi;

    public TransferRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Records the offer and sets its volume awaiting-transfer; false, with nothing written, unless it was available. */
    public boolean offer(Transfer transfer) {
        return jdbi.inTransaction(handle -> {
            if (!moveVolume(handle, transfer.volumeId(), AVAILABLE, AWAITING, transfer.createdAt())) {
                return false;
            }
            handle.createUpdate("""
                            INSERT INTO volume_transfers (id, volume_id, name, salt, crypt_hash, no_snapshots,
                                source_project_id, created_at)
                            VALUES (:id, :volumeId, :name, :salt, :cryptHash, :noSnapshots, :sourceProjectId, :createdAt)""")
                    .bind("id", transfer.id()).bind("volumeId", transfer.volumeId()).bind("name", transfer.name())
                    .bind("salt", transfer.salt()).bind("cryptHash", transfer.cryptHash())
                    .bind("noSnapshots", transfer.noSnapshots()).bind("sourceProjectId", transfer.sourceProjectId())
                    .bind("createdAt", transfer.createdAt().toEpochMilli())
                    .execute();
            return true;
        });
    }

    /** The offer, if its volume belongs to {@code projectId} (any project's when empty). */
    public Optional<Transfer> find(String id, Optional<String> projectId) {
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(SELECT + "WHERE t.id = :id"
                    + projectId.map(project -> " AND v.project_id = :projectId").orElse("")).bind("id", id);
            projectId.ifPresent(project -> query.bind("projectId", project));
            return query.map(MAPPER).findOne();
        });
    }

    /** The offers of volumes of {@code projectId} (of every project when empty), oldest first. */
    public List<Transfer> list(Optional<String> projectId) {
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(SELECT + projectId.map(project -> "WHERE v.project_id = :projectId ")
                    .orElse("") + "ORDER BY t.created_at, t.id");
            projectId.ifPresent(project -> query.bind("projectId", project));
            return query.map(MAPPER).list();
        });
    }

    /** Removes the offer; its volume, if still awaiting-transfer, is available again. */
    public boolean withdraw(String id, String volumeId, Instant now) {
        return jdbi.inTransaction(handle -> {
            moveVolume(handle, volumeId, AWAITING, AVAILABLE, now);
            return handle.createUpdate("DELETE FROM volume_transfers WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    /**
     * Gives the volume (and, unless the offer says no_snapshots, its snapshots) to {@code projectId} and
     * {@code userId}, makes it available and removes the offer; or, when the volume is no longer awaiting-transfer or
     * one of its snapshots is not available, changes nothing.
     */
    public Acceptance accept(Transfer transfer, String userId, String projectId, Instant now) {
        try {
            jdbi.useTransaction(handle -> {
                int moved = handle.createUpdate("""
                                UPDATE volumes SET status = :available, project_id = :projectId, user_id = :userId,
                                    updated_at = :now WHERE id = :id AND status = :awaiting""")
                        .bind("available", AVAILABLE).bind("awaiting", AWAITING).bind("projectId", projectId)
                        .bind("userId", userId).bind("now", now.toEpochMilli()).bind("id", transfer.volumeId())
                        .execute();
                if (moved == 0) {
                    throw new Refused(Acceptance.VOLUME_NOT_AWAITING);
                }
                if (!transfer.noSnapshots()) {
                    long unavailable = handle.createQuery(
                                    "SELECT COUNT(*) FROM volume_snapshots WHERE volume_id = :id AND status <> 'available'")
                            .bind("id", transfer.volumeId()).mapTo(Long.class).one();
                    if (unavailable > 0) {
                        throw new Refused(Acceptance.SNAPSHOT_NOT_AVAILABLE);
                    }
                    handle.createUpdate("""
                                    UPDATE volume_snapshots SET project_id = :projectId, user_id = :userId,
                                        updated_at = :now WHERE volume_id = :id""")
                            .bind("projectId", projectId).bind("userId", userId).bind("now", now.toEpochMilli())
                            .bind("id", transfer.volumeId()).execute();
                }
                handle.createUpdate("DELETE FROM volume_transfers WHERE id = :id").bind("id", transfer.id()).execute();
            });
            return Acceptance.ACCEPTED;
        } catch (Refused refused) {
            return refused.acceptance;
        }
    }

    private static boolean moveVolume(Handle handle, String volumeId, String from, String to, Instant now) {
        return handle.createUpdate(
                        "UPDATE volumes SET status = :to, updated_at = :now WHERE id = :id AND status = :from")
                .bind("to", to).bind("now", now.toEpochMilli()).bind("id", volumeId).bind("from", from)
                .execute() > 0;
    }

    /** Rolls the acceptance's transaction back. */
    private static final class Refused extends RuntimeException {
        private final Acceptance acceptance;

        Refused(Acceptance acceptance) {
            super(acceptance.name(), null, false, false);
            this.acceptance = acceptance;
        }
    }
}
