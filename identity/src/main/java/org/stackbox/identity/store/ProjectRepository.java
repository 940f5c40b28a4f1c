package org.stackbox.identity.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.identity.model.Project;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class ProjectRepository {
    private static final RowMapper<Project> MAPPER = (row, context) -> new Project(
            row.getString("id"), row.getString("name"), row.getString("domain_id"),
            row.getString("description"), row.getBoolean("enabled"));

    private final Jdbi jdbi;

    public ProjectRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Project project) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO projects (id, name, domain_id, description, enabled)
                        VALUES (:id, :name, :domainId, :description, :enabled)""")
                .bindMethods(project)
                .execute());
    }

    public void update(Project project) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE projects SET name = :name, description = :description, enabled = :enabled WHERE id = :id")
                .bindMethods(project)
                .execute());
    }

    /** Deletes the project and the role assignments on it, in one transaction. */
    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM group_role_assignments WHERE target_type = 'project' AND target_id = :id")
                    .bind("id", id).execute();
            handle.createUpdate("DELETE FROM role_assignments WHERE target_type = 'project' AND target_id = :id")
                    .bind("id", id).execute();
            return handle.createUpdate("DELETE FROM projects WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public Optional<Project> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM projects WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public Optional<Project> findByName(String domainId, String name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM projects WHERE domain_id = :domainId AND name = :name")
                .bind("domainId", domainId).bind("name", name).map(MAPPER).findOne());
    }

    public List<Project> list(Optional<String> domainId, Optional<String> name) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM projects
                        WHERE (:domainId IS NULL OR domain_id = :domainId) AND (:name IS NULL OR name = :name)
                        ORDER BY name""")
                .bind("domainId", domainId.orElse(null)).bind("name", name.orElse(null)).map(MAPPER).list());
    }

    /** The projects on which the user holds at least one role. */
    public List<Project> listForUser(String userId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM projects WHERE id IN (
                            SELECT target_id FROM role_assignments WHERE target_type = 'project' AND user_id = :userId
                            UNION
                            SELECT a.target_id FROM group_role_assignments a
                            JOIN group_members m ON m.group_id = a.group_id
                            WHERE a.target_type = 'project' AND m.user_id = :userId)
                        ORDER BY name""")
                .bind("userId", userId).map(MAPPER).list());
    }

    public boolean existsInDomain(String domainId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM projects WHERE domain_id = :domainId")
                .bind("domainId", domainId).mapTo(Integer.class).one()) > 0;
    }
}
