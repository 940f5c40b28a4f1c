package org.stackbox.compute.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A volume attached to a server: the block storage attachment, the device the guest sees it as, and what happens to
 * the volume when the server is deleted.
 *
 * @param bootIndex 0 for the root volume of a server booted from a volume; null when not in the boot order
 */
public record ServerVolume(String serverId, String volumeId, String attachmentId, String device, Integer bootIndex,
                           boolean deleteOnTermination, Instant createdAt) {
    public ServerVolume {
        requireNonNull(serverId, "serverId is null");
        requireNonNull(volumeId, "volumeId is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public boolean isRoot() {
        return bootIndex != null && bootIndex == 0;
    }

    public ServerVolume withBootIndex(Integer newBootIndex) {
        return new ServerVolume(serverId, volumeId, attachmentId, device, newBootIndex, deleteOnTermination,
                createdAt);
    }

    public ServerVolume attached(String newAttachmentId, String newDevice) {
        return new ServerVolume(serverId, volumeId, newAttachmentId, newDevice, bootIndex, deleteOnTermination,
                createdAt);
    }
}
