package org.stackbox.identity.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.TargetType;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Roles and role assignments: which user holds which role on which project or domain. */
public final class RoleRepository {
    private static final RowMapper<Role> ROLE = (row, context) -> new Role(
            row.getString("id"), row.getString("name"), row.getString("description"));
    private static final RowMapper<RoleAssignment> ASSIGNMENT = (row, context) -> new RoleAssignment(
            row.getString("user_id"), TargetType.fromColumn(row.getString("target_type")),
            row.getString("target_id"), row.getString("role_id"));

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
            boolean exists = handle.createQuery("""
                            SELECT COUNT(*) FROM role_assignments
                            WHERE user_id = :userId AND target_type = :type AND target_id = :targetId AND role_id = :roleId""")
                    .bind("userId", assignment.userId()).bind("type", assignment.targetType().column())
                    .bind("targetId", assignment.targetId()).bind("roleId", assignment.roleId())
                    .mapTo(Integer.class).one() > 0;
            if (!exists) {
                handle.createUpdate("""
                                INSERT INTO role_assignments (user_id, target_type, target_id, role_id)
                                VALUES (:userId, :type, :targetId, :roleId)""")
                        .bind("userId", assignment.userId()).bind("type", assignment.targetType().column())
                        .bind("targetId", assignment.targetId()).bind("roleId", assignment.roleId())
                        .execute();
            }
        });
    }

    public boolean unassign(RoleAssignment assignment) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        DELETE FROM role_assignments
                        WHERE user_id = :userId AND target_type = :type AND target_id = :targetId AND role_id = :roleId""")
                .bind("userId", assignment.userId()).bind("type", assignment.targetType().column())
                .bind("targetId", assignment.targetId()).bind("roleId", assignment.roleId())
                .execute()) > 0;
    }

    /** Assignments matching every filter given (an empty filter matches all). */
    public List<RoleAssignment> assignments(Optional<String> userId, Optional<TargetType> targetType,
                                            Optional<String> targetId, Optional<String> roleId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM role_assignments
                        WHERE (:userId IS NULL OR user_id = :userId)
                          AND (:type IS NULL OR target_type = :type)
                          AND (:targetId IS NULL OR target_id = :targetId)
                          AND (:roleId IS NULL OR role_id = :roleId)
                        ORDER BY user_id, target_type, target_id, role_id""")
                .bind("userId", userId.orElse(null))
                .bind("type", targetType.map(TargetType::column).orElse(null))
                .bind("targetId", targetId.orElse(null))
                .bind("roleId", roleId.orElse(null))
                .map(ASSIGNMENT).list());
    }

    /** The names of the roles a user holds on one project or domain. */
    public List<Role> rolesOn(String userId, TargetType targetType, String targetId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT r.* FROM roles r JOIN role_assignments a ON a.role_id = r.id
                        WHERE a.user_id = :userId AND a.target_type = :type AND a.target_id = :targetId
                        ORDER BY r.name""")
                .bind("userId", userId).bind("type", targetType.column()).bind("targetId", targetId)
                .map(ROLE).list());
    }
}
