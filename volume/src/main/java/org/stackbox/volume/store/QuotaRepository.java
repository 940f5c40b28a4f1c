package org.stackbox.volume.store;

import org.jdbi.v3.core.Jdbi;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Per-project overrides of the default quotas (a project without a row has the defaults), and the limits of quota
 * classes.
 */
public final class QuotaRepository {
    private final Jdbi jdbi;

    public QuotaRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public Map<String, Long> limits(String projectId) {
        return read("SELECT resource, hard_limit FROM volume_quotas WHERE project_id = :owner", projectId);
    }

    public void set(String projectId, String resource, long limit) {
        write("volume_quotas", "project_id", projectId, resource, limit);
    }

    /** The limits an administrator set for the quota class. */
    public Map<String, Long> classLimits(String className) {
        return read("SELECT resource, hard_limit FROM volume_quota_classes WHERE class_name = :owner", className);
    }

    public void setClass(String className, String resource, long limit) {
        write("volume_quota_classes", "class_name", className, resource, limit);
    }

    private Map<String, Long> read(String query, String owner) {
        Map<String, Long> limits = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(query).bind("owner", owner)
                .map((row, context) -> Map.entry(row.getString("resource"), row.getLong("hard_limit")))
                .forEach(entry -> limits.put(entry.getKey(), entry.getValue())));
        return limits;
    }

    private void write(String table, String ownerColumn, String owner, String resource, long limit) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM %s WHERE %s = :owner AND resource = :resource".formatted(table, ownerColumn))
                    .bind("owner", owner).bind("resource", resource).execute();
            handle.createUpdate("INSERT INTO %s (%s, resource, hard_limit) VALUES (:owner, :resource, :limit)"
                            .formatted(table, ownerColumn))
                    .bind("owner", owner).bind("resource", resource).bind("limit", limit).execute();
        });
    }

    public void reset(String projectId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM volume_quotas WHERE project_id = :projectId")
                .bind("projectId", projectId).execute());
    }
}
