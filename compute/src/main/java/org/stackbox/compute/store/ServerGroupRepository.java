package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.compute.model.ServerGroup;
import org.stackbox.compute.model.ServerStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/** Server groups and their members; a member is listed while its server is not deleted. */
public final class ServerGroupRepository {
    private static final RowMapper<ServerGroup> MAPPER = (row, context) -> {
        int max = row.getInt("max_server_per_host");
        OptionalInt maxServerPerHost = row.wasNull() ? OptionalInt.empty() : OptionalInt.of(max);
        return new ServerGroup(row.getString("id"), row.getString("project_id"), row.getString("user_id"),
                row.getString("name"), row.getString("policy"), maxServerPerHost,
                Instant.ofEpochMilli(row.getLong("created_at")));
    };

    private final Jdbi jdbi;

    public ServerGroupRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(ServerGroup group) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO compute_server_groups (id, project_id, user_id, name, policy, max_server_per_host,
                            created_at)
                        VALUES (:id, :projectId, :userId, :name, :policy, :max, :createdAt)""")
                .bind("id", group.id()).bind("projectId", group.projectId()).bind("userId", group.userId())
                .bind("name", group.name()).bind("policy", group.policy())
                .bind("max", group.maxServerPerHost().isPresent() ? group.maxServerPerHost().getAsInt() : null)
                .bind("createdAt", group.createdAt().toEpochMilli()).execute());
    }

    public Optional<ServerGroup> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM compute_server_groups WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** The project's groups (every project's when empty), oldest first. */
    public List<ServerGroup> list(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM compute_server_groups WHERE :projectId IS NULL OR project_id = :projectId
                        ORDER BY created_at, id""")
                .bind("projectId", projectId.orElse(null)).map(MAPPER).list());
    }

    public int countFor(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM compute_server_groups WHERE project_id = :projectId")
                .bind("projectId", projectId).mapTo(Integer.class).one());
    }

    /** Removes the group and its memberships. */
    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM compute_server_group_members WHERE group_id = :id").bind("id", id).execute();
            return handle.createUpdate("DELETE FROM compute_server_groups WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    public void join(String groupId, String serverId, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO compute_server_group_members (group_id, server_id, joined_at)
                        VALUES (:groupId, :serverId, :now)""")
                .bind("groupId", groupId).bind("serverId", serverId).bind("now", now.toEpochMilli()).execute());
    }

    /** The group's live members, in the order they joined. */
    public List<String> members(String groupId) {
        return jdbi.withHandle(handle -> members(handle, groupId));
    }

    /** The groups the server belongs to. */
    public List<String> groupsOf(String serverId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT group_id FROM compute_server_group_members WHERE server_id = :serverId ORDER BY group_id")
                .bind("serverId", serverId).mapTo(String.class).list());
    }

    /**
     * The live members that joined the group before the server and are not in ERROR (a member that failed holds no
     * place on a host).
     */
    public List<String> placedBefore(String groupId, String serverId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT m.server_id FROM compute_server_group_members m
                        JOIN compute_server_group_members me ON me.group_id = m.group_id AND me.server_id = :serverId
                        JOIN compute_servers s ON s.id = m.server_id
                        WHERE m.group_id = :groupId AND s.status NOT IN (:deleted, :error)
                            AND (m.joined_at < me.joined_at OR (m.joined_at = me.joined_at AND m.server_id < me.server_id))
                        ORDER BY m.joined_at, m.server_id""")
                .bind("groupId", groupId).bind("serverId", serverId)
                .bind("deleted", ServerStatus.DELETED.name()).bind("error", ServerStatus.ERROR.name())
                .mapTo(String.class).list());
    }

    private static List<String> members(org.jdbi.v3.core.Handle handle, String groupId) {
        return handle.createQuery("""
                        SELECT m.server_id FROM compute_server_group_members m
                        JOIN compute_servers s ON s.id = m.server_id
                        WHERE m.group_id = :groupId AND s.status <> :deleted
                        ORDER BY m.joined_at, m.server_id""")
                .bind("groupId", groupId).bind("deleted", ServerStatus.DELETED.name()).mapTo(String.class).list();
    }
}
