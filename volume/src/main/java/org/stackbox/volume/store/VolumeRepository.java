package org.stackbox.volume.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class VolumeRepository {
    private static final RowMapper<Volume> MAPPER = (row, context) -> new Volume(
            row.getString("id"), row.getString("project_id"), row.getString("user_id"), row.getString("name"),
            row.getString("description"), row.getInt("size_gib"), VolumeStatus.fromWireName(row.getString("status")),
            row.getBoolean("bootable"), row.getString("volume_type"), row.getString("availability_zone"),
            row.getString("source_volume_id"), row.getString("snapshot_id"), row.getString("image_id"),
            JsonMaps.read(row.getString("image_metadata")), JsonMaps.read(row.getString("metadata")),
            JsonMaps.read(row.getString("admin_metadata")), row.getString("error_message"), Instant.ofEpochMilli(row.getLong("created_at")),
            Instant.ofEpochMilli(row.getLong("updated_at")));

    private final Jdbi jdbi;

    public VolumeRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Volume volume) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                INSERT INTO volumes (id, project_id, user_id, name, description, size_gib, status, bootable, volume_type,
                    availability_zone, source_volume_id, snapshot_id, image_id, image_metadata, metadata, admin_metadata,
                    error_message, created_at, updated_at)
                VALUES (:id, :projectId, :userId, :name, :description, :sizeGib, :status, :bootable, :volumeType,
                    :availabilityZone, :sourceVolumeId, :snapshotId, :imageId, :imageMetadata, :metadata, :adminMetadata,
                    :errorMessage, :createdAt, :updatedAt)"""), volume).execute());
    }

    /** Saves every mutable field of the volume. */
    public void update(Volume volume) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE volumes SET name = :name, description = :description, size_gib = :sizeGib, status = :status,
                    bootable = :bootable, metadata = :metadata, admin_metadata = :adminMetadata, error_message = :errorMessage, updated_at = :updatedAt
                WHERE id = :id"""), volume).execute());
    }

    /**
     * Moves the volume from one of {@code expected} to {@code next}, atomically: false when another request changed
     * its status first. This is what keeps two requests from both attaching or deleting the same volume.
     */
    public boolean transition(String id, Collection<VolumeStatus> expected, VolumeStatus next, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE volumes SET status = :next, updated_at = :now WHERE id = :id AND status IN (<expected>)")
                .bind("id", id).bind("next", next.wireName()).bind("now", now.toEpochMilli())
                .bindList("expected", expected.stream().map(VolumeStatus::wireName).toList())
                .execute()) > 0;
    }

    /**
     * Gives the volume another type if it is still in one of {@code expected} and of another type, atomically: false
     * otherwise.
     */
    public boolean retype(String id, Collection<VolumeStatus> expected, String newTypeId, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE volumes SET volume_type = :type, updated_at = :now
                        WHERE id = :id AND status IN (<expected>) AND volume_type <> :type""")
                .bind("id", id).bind("type", newTypeId).bind("now", now.toEpochMilli())
                .bindList("expected", expected.stream().map(VolumeStatus::wireName).toList())
                .execute()) > 0;
    }

    /** Removes the volume, and the offer of it to another project if there is one (an administrator's force delete). */
    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM volume_transfers WHERE volume_id = :id").bind("id", id).execute();
            return handle.createUpdate("DELETE FROM volumes WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public Optional<Volume> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volumes WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** Volumes of one project, or of every project when {@code projectId} is empty, oldest first. */
    public List<Volume> list(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM volumes WHERE (:projectId IS NULL OR project_id = :projectId) ORDER BY created_at, id")
                .bind("projectId", projectId.orElse(null)).map(MAPPER).list());
    }

    /** How many volumes and GiB the project holds, for quotas. */
    public Usage usage(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) AS volumes, COALESCE(SUM(size_gib), 0) AS gibibytes FROM volumes WHERE project_id = :projectId")
                .bind("projectId", projectId)
                .map((row, context) -> new Usage(row.getLong("volumes"), row.getLong("gibibytes"))).one());
    }

    /** Whether any volume is of the type (by its id): such a type cannot be deleted or change its extra specs. */
    public boolean anyOfType(String volumeTypeId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM volumes WHERE volume_type = :type")
                .bind("type", volumeTypeId).mapTo(Long.class).one()) > 0;
    }

    public record Usage(long volumes, long gibibytes) {}

    private static Update bind(Update update, Volume volume) {
        return update.bind("id", volume.id()).bind("projectId", volume.projectId()).bind("userId", volume.userId())
                .bind("name", volume.name()).bind("description", volume.description())
                .bind("sizeGib", volume.sizeGib()).bind("status", volume.status().wireName())
                .bind("bootable", volume.bootable()).bind("volumeType", volume.volumeTypeId())
                .bind("availabilityZone", volume.availabilityZone()).bind("sourceVolumeId", volume.sourceVolumeId())
                .bind("snapshotId", volume.snapshotId()).bind("imageId", volume.imageId())
                .bind("imageMetadata", JsonMaps.write(volume.imageMetadata()))
                .bind("metadata", JsonMaps.write(volume.metadata()))
                .bind("adminMetadata", JsonMaps.write(volume.adminMetadata())).bind("errorMessage", volume.errorMessage())
                .bind("createdAt", volume.createdAt().toEpochMilli()).bind("updatedAt", volume.updatedAt().toEpochMilli());
    }
}
