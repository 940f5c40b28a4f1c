package org.stackbox.image.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.image.ImageMember;
import org.stackbox.image.MemberStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The projects images are shared with. */
public final class MemberRepository {
    private static final RowMapper<ImageMember> ROW = (row, context) -> new ImageMember(
            row.getString("image_id"), row.getString("member_id"),
            MemberStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
            Instant.ofEpochSecond(row.getLong("created_at")), Instant.ofEpochSecond(row.getLong("updated_at")));

    private final Jdbi jdbi;

    public MemberRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(ImageMember member) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO image_members (image_id, member_id, status, created_at, updated_at)
                        VALUES (:imageId, :memberId, :status, :createdAt, :updatedAt)""")
                .bind("imageId", member.imageId()).bind("memberId", member.memberId())
                .bind("status", member.status().wireName())
                .bind("createdAt", member.createdAt().getEpochSecond()).bind("updatedAt", member.updatedAt().getEpochSecond())
                .execute());
    }

    public void updateStatus(String imageId, String memberId, MemberStatus status, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE image_members SET status = :status, updated_at = :now
                        WHERE image_id = :imageId AND member_id = :memberId""")
                .bind("imageId", imageId).bind("memberId", memberId).bind("status", status.wireName())
                .bind("now", now.getEpochSecond()).execute());
    }

    public boolean delete(String imageId, String memberId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM image_members WHERE image_id = :imageId AND member_id = :memberId")
                .bind("imageId", imageId).bind("memberId", memberId).execute() > 0);
    }

    public Optional<ImageMember> find(String imageId, String memberId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM image_members WHERE image_id = :imageId AND member_id = :memberId")
                .bind("imageId", imageId).bind("memberId", memberId).map(ROW).findOne());
    }

    public List<ImageMember> listForImage(String imageId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM image_members WHERE image_id = :imageId ORDER BY created_at, member_id")
                .bind("imageId", imageId).map(ROW).list());
    }

    /** The images shared with a project, and its answer for each. */
    public Map<String, MemberStatus> statusesForMember(String memberId) {
        Map<String, MemberStatus> statuses = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT * FROM image_members WHERE member_id = :memberId")
                .bind("memberId", memberId).map(ROW).forEach(member -> statuses.put(member.imageId(), member.status())));
        return statuses;
    }
}
