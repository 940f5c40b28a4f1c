package org.stackbox.identity.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.identity.model.User;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class UserRepository {
    private static final RowMapper<User> MAPPER = (row, context) -> new User(
            row.getString("id"), row.getString("name"), row.getString("domain_id"), row.getString("password_hash"),
            row.getBoolean("enabled"), row.getString("default_project_id"), row.getString("email"),
            row.getString("description"));

    private final Jdbi jdbi;

    public UserRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(User user) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO users (id, name, domain_id, password_hash, enabled, default_project_id, email, description)
                        VALUES (:id, :name, :domainId, :passwordHash, :enabled, :defaultProjectId, :email, :description)""")
                .bindMethods(user)
                .execute());
    }

    public void update(User user) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE users SET name = :name, password_hash = :passwordHash, enabled = :enabled,
                            default_project_id = :defaultProjectId, email = :email, description = :description
                        WHERE id = :id""")
                .bindMethods(user)
                .execute());
    }

    /** Deletes the user with its role assignments, group memberships and tokens, in one transaction. */
    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM role_assignments WHERE user_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM group_members WHERE user_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM tokens WHERE user_id = :id").bind("id", id).execute();
            return handle.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public Optional<User> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public Optional<User> findByName(String domainId, String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM users WHERE domain_id = :domainId AND name = :name")
                .bind("domainId", domainId).bind("name", name).map(MAPPER).findOne());
    }

    public List<User> list(Optional<String> domainId, Optional<String> name) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM users
                        WHERE (:domainId IS NULL OR domain_id = :domainId) AND (:name IS NULL OR name = :name)
                        ORDER BY name""")
                .bind("domainId", domainId.orElse(null)).bind("name", name.orElse(null)).map(MAPPER).list());
    }

    /** The members of a group. */
    public List<User> listInGroup(String groupId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT u.* FROM users u JOIN group_members m ON m.user_id = u.id
                        WHERE m.group_id = :groupId ORDER BY u.name""")
                .bind("groupId", groupId).map(MAPPER).list());
    }

    public boolean existsInDomain(String domainId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM users WHERE domain_id = :domainId")
                .bind("domainId", domainId).mapTo(Integer.class).one()) > 0;
    }
}
