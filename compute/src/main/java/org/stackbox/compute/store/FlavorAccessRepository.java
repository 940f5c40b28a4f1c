package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Which projects may use which non-public flavors. */
public final class FlavorAccessRepository {
    private final Jdbi jdbi;

    public FlavorAccessRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** The projects with access to the flavor, in the order they were given it. */
    public List<String> projectsOf(String flavorId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT project_id FROM compute_flavor_access WHERE flavor_id = :flavorId ORDER BY project_id")
                .bind("flavorId", flavorId).mapTo(String.class).list());
    }

    public boolean has(String flavorId, String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM compute_flavor_access WHERE flavor_id = :flavorId AND project_id = :projectId""")
                .bind("flavorId", flavorId).bind("projectId", projectId).mapTo(Integer.class).one()) > 0;
    }

    /** Gives the project access; false if it had it already. */
    public boolean add(String flavorId, String projectId) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO compute_flavor_access (flavor_id, project_id) VALUES (:flavorId, :projectId)
                        ON CONFLICT DO NOTHING""")
                .bind("flavorId", flavorId).bind("projectId", projectId).execute()) == 1;
    }

    /** Takes the project's access away; false if it had none. */
    public boolean remove(String flavorId, String projectId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM compute_flavor_access WHERE flavor_id = :flavorId AND project_id = :projectId")
                .bind("flavorId", flavorId).bind("projectId", projectId).execute()) == 1;
    }
}
