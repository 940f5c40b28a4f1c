package org.stackbox.volume.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A volume offered to another project, as Cinder's transfer: whoever shows the auth key may take it. Only the salt
 * and the key's hash under it are kept ({@code cryptHash}); the key itself is shown once, when the offer is made.
 */
public record Transfer(String id, String volumeId, String name, String salt, String cryptHash, boolean noSnapshots,
                       String sourceProjectId, Instant createdAt) {
    public Transfer {
        requireNonNull(id, "id is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(salt, "salt is null");
        requireNonNull(cryptHash, "cryptHash is null");
        requireNonNull(sourceProjectId, "sourceProjectId is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
