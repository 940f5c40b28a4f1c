package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.stackbox.compute.model.QuotaResource;

import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The limits an administrator set for a project, and for a quota class (the {@code default} class's are the defaults
 * of every project); what is not here has its default.
 */
public final class QuotaRepository {
    private final Jdbi jdbi;

    public QuotaRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public Map<QuotaResource, Long> limitsOf(String projectId) {
        return limits("SELECT resource, hard_limit FROM compute_quotas WHERE project_id = :key", projectId);
    }

    public Map<QuotaResource, Long> classLimitsOf(String className) {
        return limits("SELECT resource, hard_limit FROM compute_quota_classes WHERE class_name = :key", className);
    }

    /** Sets the class's limits given, in one transaction; the others stay. */
    public void setClass(String className, Map<QuotaResource, Long> limits) {
        jdbi.useTransaction(handle -> limits.forEach((resource, limit) -> handle.createUpdate("""
                        INSERT INTO compute_quota_classes (class_name, resource, hard_limit)
                        VALUES (:className, :resource, :limit)
                        ON CONFLICT (class_name, resource) DO UPDATE SET hard_limit = excluded.hard_limit""")
                .bind("className", className).bind("resource", resource.wireName()).bind("limit", limit)
                .execute()));
    }

    /** Sets the limits given, in one transaction; the others stay. */
    public void set(String projectId, Map<QuotaResource, Long> limits) {
        jdbi.useTransaction(handle -> limits.forEach((resource, limit) -> {
            handle.createUpdate("DELETE FROM compute_quotas WHERE project_id = :projectId AND resource = :resource")
                    .bind("projectId", projectId).bind("resource", resource.wireName()).execute();
            handle.createUpdate("""
                            INSERT INTO compute_quotas (project_id, resource, hard_limit)
                            VALUES (:projectId, :resource, :limit)""")
                    .bind("projectId", projectId).bind("resource", resource.wireName()).bind("limit", limit)
                    .execute();
        }));
    }

    /** Back to the defaults. */
    public void clear(String projectId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM compute_quotas WHERE project_id = :projectId")
                .bind("projectId", projectId).execute());
    }

    /** The limits {@code query} finds for {@code key}, of the resources this version knows. */
    private Map<QuotaResource, Long> limits(String query, String key) {
        Map<QuotaResource, Long> limits = new EnumMap<>(QuotaResource.class);
        jdbi.useHandle(handle -> handle.createQuery(query)
                .bind("key", key)
                .map((row, context) -> Map.entry(row.getString("resource"), row.getLong("hard_limit")))
                .forEach(entry -> QuotaResource.fromWireName(entry.getKey())
                        .ifPresent(resource -> limits.put(resource, entry.getValue()))));
        return limits;
    }
}
