package org.stackbox.identity.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.ActorType;
import org.stackbox.identity.model.RoleAssignment.TargetType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Roles and role assignments: which user or group holds which role on which project or domain. */
public final class RoleRepository {
    private static final RowMapper<Role> ROLE = (row, context) -> new Role(
            row.getString("id"), row.getString("name"), row.getString("description"));

    private final Jdbi jdbi;

    public RoleRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Role role) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO roles (id, name, description) VALUES (:id, :name, :description)")
                .bindMethods(role).execute());
    }

    public void update(Role role) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE roles SET name = :name, description = :description WHERE id = :id")
                .bindMethods(role).execute());
    }

    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM role_assignments WHERE role_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM group_role_assignments WHERE role_id = :id").bind("id", id).execute();
            return handle.createUpdate("DELETE FROM roles WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public Optional<Role> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM roles WHERE id = :id").bind("id", id).map(ROLE).findOne());
    }

    public Optional<Role> findByName(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM roles WHERE name = :name").bind("name", name).map(ROLE).findOne());
    }

    public List<Role> list(Optional<String> name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM roles WHERE (:name IS NULL OR name = :name) ORDER BY name")
                .bind("name", name.orElse(null)).map(ROLE).list());
    }

    /** Adds an assignment; adding one that exists already changes nothing, as in Keystone. */
    public void assign(RoleAssignment assignment) {
        jdbi.useHandle(handle -> {
            if (!exists(handle, assignment)) {
                bindParts(handle.createUpdate("""
                        INSERT INTO %s (%s, target_type, target_id, role_id)
                        VALUES (:actorId, :type, :targetId, :roleId)""".formatted(table(assignment.actorType()),
                        column(assignment.actorType()))), assignment).execute();
            }
        });
    }

    public boolean unassign(RoleAssignment assignment) {
        return jdbi.withHandle(handle -> bindParts(handle.createUpdate("DELETE FROM %s WHERE %s".formatted(
                table(assignment.actorType()), matching(assignment.actorType()))), assignment).execute()) > 0;
    }

    /** Whether exactly this assignment was made (to the user or group itself, not through a group). */
    public boolean exists(RoleAssignment assignment) {
        return jdbi.withHandle(handle -> exists(handle, assignment));
    }

    private static boolean exists(Handle handle, RoleAssignment assignment) {
        return bindParts(handle.createQuery("SELECT COUNT(*) FROM %s WHERE %s".formatted(
                table(assignment.actorType()), matching(assignment.actorType()))), assignment)
                .mapTo(Integer.class).one() > 0;
    }

    /**
     * Assignments made to users and to groups, matching every filter given (an empty filter matches all); an actor
     * filter of one type leaves out the assignments of the other type.
     */
    public List<RoleAssignment> assignments(Optional<String> userId, Optional<String> groupId,
                                            Optional<TargetType> targetType, Optional<String> targetId,
                                            Optional<String> roleId) {
        List<RoleAssignment> found = new ArrayList<>();
        for (ActorType actor : ActorType.values()) {
            Optional<String> actorId = actor == ActorType.USER ? userId : groupId;
            boolean otherFiltered = (actor == ActorType.USER ? groupId : userId).isPresent();
            if (otherFiltered) {
                continue;
            }
            found.addAll(jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT %1$s AS actor_id, target_type, target_id, role_id FROM %2$s
                            WHERE (:actorId IS NULL OR %1$s = :actorId)
                              AND (:type IS NULL OR target_type = :type)
                              AND (:targetId IS NULL OR target_id = :targetId)
                              AND (:roleId IS NULL OR role_id = :roleId)
                            ORDER BY %1$s, target_type, target_id, role_id""".formatted(column(actor), table(actor)))
                    .bind("actorId", actorId.orElse(null))
                    .bind("type", targetType.map(TargetType::column).orElse(null))
                    .bind("targetId", targetId.orElse(null))
                    .bind("roleId", roleId.orElse(null))
                    .map((row, context) -> new RoleAssignment(actor, row.getString("actor_id"),
                            TargetType.fromColumn(row.getString("target_type")), row.getString("target_id"),
                            row.getString("role_id")))
                    .list()));
        }
        return found;
    }

    /**
     * The roles a user holds on one project or domain: granted to the user, or to a group the user belongs to.
     * These are what tokens carry and what scoping checks.
     */
    public List<Role> rolesOn(String userId, TargetType targetType, String targetId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT r.* FROM roles r WHERE r.id IN (
                            SELECT role_id FROM role_assignments
                            WHERE user_id = :userId AND target_type = :type AND target_id = :targetId
                            UNION
                            SELECT a.role_id FROM group_role_assignments a
                            JOIN group_members m ON m.group_id = a.group_id
                            WHERE m.user_id = :userId AND a.target_type = :type AND a.target_id = :targetId)
                        ORDER BY r.name""")
                .bind("userId", userId).bind("type", targetType.column()).bind("targetId", targetId)
                .map(ROLE).list());
    }

    /** The roles granted to the user or group itself on one project or domain ({@code GET .../roles}). */
    public List<Role> grantedOn(ActorType actorType, String actorId, TargetType targetType, String targetId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT r.* FROM roles r JOIN %s a ON a.role_id = r.id
                        WHERE a.%s = :actorId AND a.target_type = :type AND a.target_id = :targetId
                        ORDER BY r.name""".formatted(table(actorType), column(actorType)))
                .bind("actorId", actorId).bind("type", targetType.column()).bind("targetId", targetId)
                .map(ROLE).list());
    }

    private static String table(ActorType actor) {
        return actor == ActorType.USER ? "role_assignments" : "group_role_assignments";
    }

    private static String column(ActorType actor) {
        return actor == ActorType.USER ? "user_id" : "group_id";
    }

    private static String matching(ActorType actor) {
        return column(actor) + " = :actorId AND target_type = :type AND target_id = :targetId AND role_id = :roleId";
    }

    private static <T extends SqlStatement<T>> T bindParts(T statement, RoleAssignment assignment) {
        return statement.bind("actorId", assignment.actorId()).bind("type", assignment.targetType().column())
                .bind("targetId", assignment.targetId()).bind("roleId", assignment.roleId());
    }
}
