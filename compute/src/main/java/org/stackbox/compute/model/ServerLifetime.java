package org.stackbox.compute.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * When a server ran, for usage reports: from its launch to its delete (none while it lives).
 *
 * @param deletedAt when it was deleted; null while it lives
 */
public record ServerLifetime(String id, String projectId, String name, String flavorId, ServerStatus status,
                             Instant launchedAt, Instant deletedAt) {
    public ServerLifetime {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(flavorId, "flavorId is null");
        requireNonNull(status, "status is null");
        requireNonNull(launchedAt, "launchedAt is null");
    }
}
