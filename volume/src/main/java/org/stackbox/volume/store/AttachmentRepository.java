package org.stackbox.volume.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.volume.model.Attachment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class AttachmentRepository {
    private static final RowMapper<Attachment> MAPPER = (row, context) -> {
        long attachedAt = row.getLong("attached_at");
        return new Attachment(row.getString("id"), row.getString("volume_id"), row.getString("server_id"),
                Attachment.Status.valueOf(row.getString("status").toUpperCase(java.util.Locale.ROOT)),
                row.getString("device"), row.getString("host_name"), row.getString("attach_mode"),
                row.wasNull() ? null : Instant.ofEpochMilli(attachedAt), Instant.ofEpochMilli(row.getLong("created_at")));
    };

    private final Jdbi jdbi;

    public AttachmentRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Attachment attachment) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO volume_attachments (id, volume_id, server_id, status, device, host_name, attach_mode, attached_at, created_at)
                        VALUES (:id, :volumeId, :serverId, :status, :device, :hostName, :attachMode, :attachedAt, :createdAt)""")
                .bind("id", attachment.id()).bind("volumeId", attachment.volumeId()).bind("serverId", attachment.serverId())
                .bind("status", attachment.status().wireName()).bind("device", attachment.device())
                .bind("hostName", attachment.hostName()).bind("attachMode", attachment.attachMode())
                .bind("attachedAt", attachment.attachedAt() == null ? null : attachment.attachedAt().toEpochMilli())
                .bind("createdAt", attachment.createdAt().toEpochMilli())
                .execute());
    }

    public void update(Attachment attachment) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE volume_attachments SET status = :status, device = :device, host_name = :hostName,
                            attached_at = :attachedAt WHERE id = :id""")
                .bind("id", attachment.id()).bind("status", attachment.status().wireName())
                .bind("device", attachment.device()).bind("hostName", attachment.hostName())
                .bind("attachedAt", attachment.attachedAt() == null ? null : attachment.attachedAt().toEpochMilli())
                .execute());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM volume_attachments WHERE id = :id").bind("id", id).execute()) > 0;
    }

    public void deleteForVolume(String volumeId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM volume_attachments WHERE volume_id = :volumeId")
                .bind("volumeId", volumeId).execute());
    }

    public Optional<Attachment> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volume_attachments WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public List<Attachment> listForVolume(String volumeId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volume_attachments WHERE volume_id = :volumeId ORDER BY created_at")
                .bind("volumeId", volumeId).map(MAPPER).list());
    }

    public List<Attachment> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volume_attachments ORDER BY created_at")
                .map(MAPPER).list());
    }
}
