package org.stackbox.image.store;

import org.jdbi.v3.core.Jdbi;
import org.stackbox.image.ImageQuota;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** Per-project image quotas; a project without a row has the unlimited default. */
public final class QuotaRepository {
    private final Jdbi jdbi;

    public QuotaRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public ImageQuota find(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT max_images, max_bytes FROM image_quotas WHERE project_id = :projectId")
                .bind("projectId", projectId)
                .map((row, context) -> {
                    long images = row.getLong("max_images");
                    OptionalLong maxImages = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(images);
                    long bytes = row.getLong("max_bytes");
                    OptionalLong maxBytes = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(bytes);
                    return new ImageQuota(maxImages, maxBytes);
                })
                .findOne().orElse(ImageQuota.UNLIMITED));
    }

    public void save(String projectId, ImageQuota quota) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM image_quotas WHERE project_id = :projectId").bind("projectId", projectId).execute();
            handle.createUpdate("INSERT INTO image_quotas (project_id, max_images, max_bytes) VALUES (:projectId, :maxImages, :maxBytes)")
                    .bind("projectId", projectId)
                    .bind("maxImages", quota.maxImages().isPresent() ? quota.maxImages().getAsLong() : null)
                    .bind("maxBytes", quota.maxBytes().isPresent() ? quota.maxBytes().getAsLong() : null)
                    .execute();
        });
    }
}
