package org.stackbox.compute.model;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Nova's record of a move of a server: here always a {@code resize} on this one host, so its source and destination
 * are the same compute host and node.
 *
 * @param id           Nova's integer id, in the order the records were made
 * @param oldFlavorId  the flavor the server had before
 * @param newFlavorId  the flavor it was resized to
 * @param updatedAt    when the status last changed; empty until it first does
 */
public record Migration(long id, String uuid, String serverId, String projectId, String userId, String migrationType,
                        MigrationStatus status, String sourceCompute, String sourceNode, String destCompute,
                        String destNode, String destHost, String oldFlavorId, String newFlavorId, Instant createdAt,
                        Optional<Instant> updatedAt) {
    /** The only type Stackbox makes: a cold resize on its one host. */
    public static final String RESIZE = "resize";

    public Migration {
        requireNonNull(uuid, "uuid is null");
        requireNonNull(serverId, "serverId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(migrationType, "migrationType is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
