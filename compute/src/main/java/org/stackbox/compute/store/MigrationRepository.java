package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.stackbox.compute.model.Migration;
import org.stackbox.compute.model.MigrationStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** The migration records of {@code compute_migrations}, and the filters and paging of Nova's migration list. */
public final class MigrationRepository {
    private static final RowMapper<Migration> MAPPER = (row, context) -> {
        Long updated = Columns.nullableLong(row, "updated_at");
        return new Migration(row.getLong("id"), row.getString("uuid"), row.getString("instance_uuid"),
                row.getString("project_id"), row.getString("user_id"), row.getString("migration_type"),
                MigrationStatus.fromWire(row.getString("status")).orElse(MigrationStatus.ERROR),
                row.getString("source_compute"), row.getString("source_node"), row.getString("dest_compute"),
                row.getString("dest_node"), row.getString("dest_host"), row.getString("old_flavor_id"),
                row.getString("new_flavor_id"), Instant.ofEpochMilli(row.getLong("created_at")),
                Optional.ofNullable(updated).map(Instant::ofEpochMilli));
    };

    /**
     * What Nova's {@code migration_get_all_by_filters} filters on; an empty filter keeps every record. {@code host}
     * is the source or the destination compute host; {@code changesSince} and {@code changesBefore} bound the time
     * of the last change.
     */
    public record Filter(Optional<String> status, Optional<String> host, Optional<String> sourceCompute,
                         Optional<String> migrationType, Optional<String> serverId, Optional<String> userId,
                         Optional<String> projectId, Optional<Instant> changesSince,
                         Optional<Instant> changesBefore) {
        public static final Filter NONE = new Filter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private final Jdbi jdbi;

    public MigrationRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Stores a new record under the next integer id; answers it as stored. */
    public Migration insert(String uuid, String serverId, String projectId, String userId, String migrationType,
                            MigrationStatus status, String compute, String node, String host, String oldFlavorId,
                            String newFlavorId, Instant createdAt) {
        return jdbi.inTransaction(handle -> {
            long id = handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM compute_migrations")
                    .mapTo(Long.class).one();
            handle.createUpdate("""
                            INSERT INTO compute_migrations (id, uuid, instance_uuid, project_id, user_id,
                                migration_type, status, source_compute, source_node, dest_compute, dest_node,
                                dest_host, old_flavor_id, new_flavor_id, created_at, updated_at)
                            VALUES (:id, :uuid, :serverId, :projectId, :userId, :type, :status, :compute, :node,
                                :compute, :node, :host, :oldFlavor, :newFlavor, :createdAt, NULL)""")
                    .bind("id", id).bind("uuid", uuid).bind("serverId", serverId).bind("projectId", projectId)
                    .bind("userId", userId).bind("type", migrationType).bind("status", status.wireName())
                    .bind("compute", compute).bind("node", node).bind("host", host).bind("oldFlavor", oldFlavorId)
                    .bind("newFlavor", newFlavorId).bind("createdAt", createdAt.toEpochMilli()).execute();
            return handle.createQuery("SELECT * FROM compute_migrations WHERE id = :id").bind("id", id)
                    .map(MAPPER).one();
        });
    }

    /** Sets the record's status if it is still one of {@code from}; answers whether it was. */
    public boolean setStatus(long id, Set<MigrationStatus> from, MigrationStatus status, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_migrations SET status = :status, updated_at = :now
                        WHERE id = :id AND status IN (<from>)""")
                .bind("status", status.wireName()).bind("now", now.toEpochMilli()).bind("id", id)
                .bindList("from", from.stream().map(MigrationStatus::wireName).toList()).execute() == 1);
    }

    /** Sets every record in one of {@code from} to {@code status}; answers how many there were. */
    public int setAll(Set<MigrationStatus> from, MigrationStatus status, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_migrations SET status = :status, updated_at = :now WHERE status IN (<from>)""")
                .bind("status", status.wireName()).bind("now", now.toEpochMilli())
                .bindList("from", from.stream().map(MigrationStatus::wireName).toList()).execute());
    }

    /** The server's latest record in {@code status}, if it has one. */
    public Optional<Migration> latest(String serverId, MigrationStatus status) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM compute_migrations WHERE instance_uuid = :serverId AND status = :status
                        ORDER BY id DESC LIMIT 1""")
                .bind("serverId", serverId).bind("status", status.wireName()).map(MAPPER).findOne());
    }

    public Optional<Migration> findByUuid(String uuid) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM compute_migrations WHERE uuid = :uuid")
                .bind("uuid", uuid).map(MAPPER).findOne());
    }

    public Optional<Migration> findById(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM compute_migrations WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** The records that {@code filter} keeps, in the order they were made. */
    public List<Migration> list(Filter filter) {
        return jdbi.withHandle(handle -> bound(handle.createQuery("SELECT * FROM compute_migrations WHERE "
                + where(filter) + " ORDER BY id"), filter).map(MAPPER).list());
    }

    /**
     * The records that {@code filter} keeps, newest first (by creation, then id, as Nova pages them), after
     * {@code marker} if given, at most {@code limit} of them if given.
     */
    public List<Migration> page(Filter filter, Optional<Migration> marker, OptionalInt limit) {
        String after = marker.isEmpty() ? ""
                : " AND (created_at < :markerCreated OR (created_at = :markerCreated AND id < :markerId))";
        return jdbi.withHandle(handle -> {
            Query query = bound(handle.createQuery("SELECT * FROM compute_migrations WHERE " + where(filter) + after
                    + " ORDER BY created_at DESC, id DESC LIMIT :limit"), filter)
                    .bind("limit", limit.orElse(Integer.MAX_VALUE));
            marker.ifPresent(last -> query.bind("markerCreated", last.createdAt().toEpochMilli())
                    .bind("markerId", last.id()));
            return query.map(MAPPER).list();
        });
    }

    private static String where(Filter filter) {
        List<String> conditions = new ArrayList<>();
        conditions.add("1 = 1");
        filter.status().ifPresent(value -> conditions.add("status = :status"));
        if (filter.host().isPresent()) {
            conditions.add("(source_compute = :host OR dest_compute = :host)");
        } else if (filter.sourceCompute().isPresent()) {
            conditions.add("source_compute = :sourceCompute");
        }
        filter.migrationType().ifPresent(value -> conditions.add("migration_type = :type"));
        filter.serverId().ifPresent(value -> conditions.add("instance_uuid = :serverId"));
        filter.userId().ifPresent(value -> conditions.add("user_id = :userId"));
        filter.projectId().ifPresent(value -> conditions.add("project_id = :projectId"));
        filter.changesSince().ifPresent(value -> conditions.add("updated_at >= :since"));
        filter.changesBefore().ifPresent(value -> conditions.add("updated_at <= :before"));
        return String.join(" AND ", conditions);
    }

    private static Query bound(Query query, Filter filter) {
        filter.status().ifPresent(value -> query.bind("status", value));
        filter.host().ifPresent(value -> query.bind("host", value));
        filter.sourceCompute().ifPresent(value -> query.bind("sourceCompute", value));
        filter.migrationType().ifPresent(value -> query.bind("type", value));
        filter.serverId().ifPresent(value -> query.bind("serverId", value));
        filter.userId().ifPresent(value -> query.bind("userId", value));
        filter.projectId().ifPresent(value -> query.bind("projectId", value));
        filter.changesSince().ifPresent(value -> query.bind("since", value.toEpochMilli()));
        filter.changesBefore().ifPresent(value -> query.bind("before", value.toEpochMilli()));
        return query;
    }
}
