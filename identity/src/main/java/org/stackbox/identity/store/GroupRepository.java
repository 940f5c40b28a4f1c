package org.stackbox.identity.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.identity.model.Group;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Groups and who belongs to them; the roles granted to groups are the {@link RoleRepository}'s. */
public final class GroupRepository {
    private static final RowMapper<Group> MAPPER = (row, context) -> new Group(
            row.getString("id"), row.getString("name"), row.getString("domain_id"), row.getString("description"));

    private final Jdbi jdbi;

    public GroupRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Group group) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO groups (id, name, domain_id, description) VALUES (:id, :name, :domainId, :description)""")
                .bindMethods(group).execute());
    }

    public void update(Group group) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE groups SET name = :name, description = :description WHERE id = :id")
                .bindMethods(group).execute());
    }

    /** Deletes the group with its memberships and the roles granted to it, in one transaction. */
    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM group_members WHERE group_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM group_role_assignments WHERE group_id = :id").bind("id", id).execute();
            return handle.createUpdate("DELETE FROM groups WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public Optional<Group> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM groups WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public Optional<Group> findByName(String domainId, String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM groups WHERE domain_id = :domainId AND name = :name")
                .bind("domainId", domainId).bind("name", name).map(MAPPER).findOne());
    }

    public List<Group> list(Optional<String> domainId, Optional<String> name) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM groups
                        WHERE (:domainId IS NULL OR domain_id = :domainId) AND (:name IS NULL OR name = :name)
                        ORDER BY name""")
                .bind("domainId", domainId.orElse(null)).bind("name", name.orElse(null)).map(MAPPER).list());
    }

    /** The groups the user belongs to. */
    public List<Group> listForUser(String userId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id
                        WHERE m.user_id = :userId ORDER BY g.name""")
                .bind("userId", userId).map(MAPPER).list());
    }

    /** The ids of the group's members, in order. */
    public List<String> memberIds(String groupId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT user_id FROM group_members WHERE group_id = :groupId ORDER BY user_id")
                .bind("groupId", groupId).mapTo(String.class).list());
    }

    /** Adds the user to the group; adding a member again changes nothing, as in Keystone. */
    public void addMember(String groupId, String userId) {
        jdbi.useHandle(handle -> {
            if (!isMember(handle, groupId, userId)) {
                handle.createUpdate("INSERT INTO group_members (group_id, user_id) VALUES (:groupId, :userId)")
                        .bind("groupId", groupId).bind("userId", userId).execute();
            }
        });
    }

    public boolean removeMember(String groupId, String userId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM group_members WHERE group_id = :groupId AND user_id = :userId")
                .bind("groupId", groupId).bind("userId", userId).execute()) > 0;
    }

    public boolean isMember(String groupId, String userId) {
        return jdbi.withHandle(handle -> isMember(handle, groupId, userId));
    }

    private static boolean isMember(org.jdbi.v3.core.Handle handle, String groupId, String userId) {
        return handle.createQuery("SELECT COUNT(*) FROM group_members WHERE group_id = :groupId AND user_id = :userId")
                .bind("groupId", groupId).bind("userId", userId).mapTo(Integer.class).one() > 0;
    }

    public boolean existsInDomain(String domainId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM groups WHERE domain_id = :domainId")
                .bind("domainId", domainId).mapTo(Integer.class).one()) > 0;
    }
}
