package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.compute.model.ServerVolume;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The volumes attached to each server, in the order they were attached. */
public final class ServerVolumeRepository {
    private static final RowMapper<ServerVolume> MAPPER = (row, context) -> new ServerVolume(
            row.getString("server_id"), row.getString("volume_id"), row.getString("attachment_id"),
            row.getString("device"), Columns.nullableInt(row, "boot_index"),
            row.getBoolean("delete_on_termination"), Instant.ofEpochMilli(row.getLong("created_at")));

    private final Jdbi jdbi;

    public ServerVolumeRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(ServerVolume volume) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO compute_server_volumes (server_id, volume_id, attachment_id, device, boot_index,
                            delete_on_termination, created_at)
                        VALUES (:serverId, :volumeId, :attachmentId, :device, :bootIndex, :deleteOnTermination,
                            :createdAt)""")
                .bind("serverId", volume.serverId()).bind("volumeId", volume.volumeId())
                .bind("attachmentId", volume.attachmentId()).bind("device", volume.device())
                .bind("bootIndex", volume.bootIndex()).bind("deleteOnTermination", volume.deleteOnTermination())
                .bind("createdAt", volume.createdAt().toEpochMilli()).execute());
    }

    public void update(ServerVolume volume) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_server_volumes SET attachment_id = :attachmentId, device = :device,
                            boot_index = :bootIndex
                        WHERE server_id = :serverId AND volume_id = :volumeId""")
                .bind("serverId", volume.serverId()).bind("volumeId", volume.volumeId())
                .bind("attachmentId", volume.attachmentId()).bind("device", volume.device())
                .bind("bootIndex", volume.bootIndex()).execute());
    }

    public void delete(String serverId, String volumeId) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "DELETE FROM compute_server_volumes WHERE server_id = :serverId AND volume_id = :volumeId")
                .bind("serverId", serverId).bind("volumeId", volumeId).execute());
    }

    public List<ServerVolume> forServer(String serverId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM compute_server_volumes WHERE server_id = :serverId ORDER BY created_at, volume_id")
                .bind("serverId", serverId).map(MAPPER).list());
    }

    public Optional<ServerVolume> find(String serverId, String volumeId) {
        return forServer(serverId).stream().filter(volume -> volume.volumeId().equals(volumeId)).findFirst();
    }
}
