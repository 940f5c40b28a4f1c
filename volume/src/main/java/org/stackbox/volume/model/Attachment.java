package org.stackbox.volume.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A volume's attachment to a server. {@code reserved} until the compute service connects it, then
 * {@code attached}; a volume has at most one attachment (no multiattach).
 */
public record Attachment(
        String id,
        String volumeId,
        String serverId,
        Status status,
        String device,
        String hostName,
        String attachMode,
        Instant attachedAt,
        Instant createdAt) {

    public enum Status {
        RESERVED, ATTACHING, ATTACHED, DETACHING;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Attachment {
        requireNonNull(id, "id is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(serverId, "serverId is null");
        requireNonNull(status, "status is null");
        requireNonNull(attachMode, "attachMode is null");
    }

    public Attachment attached(String newDevice, String newHostName, Instant now) {
        return new Attachment(id, volumeId, serverId, Status.ATTACHED, newDevice, newHostName, attachMode, now, createdAt);
    }
}
