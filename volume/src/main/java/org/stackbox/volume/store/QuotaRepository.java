package org.stackbox.volume.store;

import org.jdbi.v3.core.Jdbi;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Per-project overrides of the default quotas; a project without a row has the defaults. */
public final class QuotaRepository {
    private final Jdbi jdbi;

    public QuotaRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public Map<String, Long> limits(String projectId) {
        Map<String, Long> limits = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT resource, hard_limit FROM volume_quotas WHERE project_id = :projectId")
                .bind("projectId", projectId)
                .map((row, context) -> Map.entry(row.getString("resource"), row.getLong("hard_limit")))
                .forEach(entry -> limits.put(entry.getKey(), entry.getValue())));
        return limits;
    }

    public void set(String projectId, String resource, long limit) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM volume_quotas WHERE project_id = :projectId AND resource = :resource")
                    .bind("projectId", projectId).bind("resource", resource).execute();
            handle.createUpdate("INSERT INTO volume_quotas (project_id, resource, hard_limit) VALUES (:projectId, :resource, :limit)")
                    .bind("projectId", projectId).bind("resource", resource).bind("limit", limit).execute();
        });
    }

    public void reset(String projectId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM volume_quotas WHERE project_id = :projectId")
                .bind("projectId", projectId).execute());
    }
}
