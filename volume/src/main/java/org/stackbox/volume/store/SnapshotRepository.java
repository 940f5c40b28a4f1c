package org.stackbox.volume.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.SnapshotStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class SnapshotRepository {
    private static final RowMapper<Snapshot> MAPPER = (row, context) -> new Snapshot(
            row.getString("id"), row.getString("volume_id"), row.getString("project_id"), row.getString("user_id"),
            row.getString("name"), row.getString("description"), row.getInt("size_gib"),
            SnapshotStatus.fromWireName(row.getString("status")), JsonMaps.read(row.getString("metadata")),
            Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")));

    private final Jdbi jdbi;

    public SnapshotRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Snapshot snapshot) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO volume_snapshots (id, volume_id, project_id, user_id, name, description, size_gib, status,
                            metadata, created_at, updated_at)
                        VALUES (:id, :volumeId, :projectId, :userId, :name, :description, :sizeGib, :status, :metadata,
                            :createdAt, :updatedAt)""")
                .bind("id", snapshot.id()).bind("volumeId", snapshot.volumeId()).bind("projectId", snapshot.projectId())
                .bind("userId", snapshot.userId()).bind("name", snapshot.name()).bind("description", snapshot.description())
                .bind("sizeGib", snapshot.sizeGib()).bind("status", snapshot.status().wireName())
                .bind("metadata", JsonMaps.write(snapshot.metadata()))
                .bind("createdAt", snapshot.createdAt().toEpochMilli()).bind("updatedAt", snapshot.updatedAt().toEpochMilli())
                .execute());
    }

    public void update(Snapshot snapshot) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE volume_snapshots SET name = :name, description = :description, status = :status,
                            metadata = :metadata, updated_at = :updatedAt WHERE id = :id""")
                .bind("id", snapshot.id()).bind("name", snapshot.name()).bind("description", snapshot.description())
                .bind("metadata", JsonMaps.write(snapshot.metadata()))
                .bind("status", snapshot.status().wireName()).bind("updatedAt", snapshot.updatedAt().toEpochMilli())
                .execute());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM volume_snapshots WHERE id = :id").bind("id", id).execute()) > 0;
    }

    public Optional<Snapshot> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volume_snapshots WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public List<Snapshot> list(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM volume_snapshots WHERE (:projectId IS NULL OR project_id = :projectId) ORDER BY created_at, id")
                .bind("projectId", projectId.orElse(null)).map(MAPPER).list());
    }

    public List<Snapshot> listForVolume(String volumeId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volume_snapshots WHERE volume_id = :volumeId ORDER BY created_at")
                .bind("volumeId", volumeId).map(MAPPER).list());
    }

    public SnapshotUsage usage(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) AS snapshots, COALESCE(SUM(size_gib), 0) AS gibibytes FROM volume_snapshots WHERE project_id = :projectId")
                .bind("projectId", projectId)
                .map((row, context) -> new SnapshotUsage(row.getLong("snapshots"), row.getLong("gibibytes"))).one());
    }

    public record SnapshotUsage(long snapshots, long gibibytes) {}
}
