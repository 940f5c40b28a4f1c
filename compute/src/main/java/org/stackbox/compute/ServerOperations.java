package org.stackbox.compute;

import static java.util.Objects.requireNonNull;

/**
 * What compute does with servers, one part per role, as the API layer is handed them: finding and renaming, creating,
 * deleting, power actions, volume and interface attachments, consoles, Stackbox's ISO media, rebuilds, resizes,
 * snapshots and administrator passwords.
 */
public record ServerOperations(Servers servers, ServerCreation creation, ServerDeletion deletion,
                               ServerPowerActions power, ServerVolumeAttachments volumes,
                               ServerInterfaceAttachments interfaces, ServerConsoles consoles, IsoMedia isoMedia,
                               ServerRebuild rebuild, ServerResize resize,
                               ServerSnapshots snapshots, ServerPasswords passwords) {
    public ServerOperations {
        requireNonNull(servers, "servers is null");
        requireNonNull(creation, "creation is null");
        requireNonNull(deletion, "deletion is null");
        requireNonNull(power, "power is null");
        requireNonNull(volumes, "volumes is null");
        requireNonNull(interfaces, "interfaces is null");
        requireNonNull(consoles, "consoles is null");
        requireNonNull(isoMedia, "isoMedia is null");
        requireNonNull(rebuild, "rebuild is null");
        requireNonNull(resize, "resize is null");
        requireNonNull(snapshots, "snapshots is null");
        requireNonNull(passwords, "passwords is null");
    }
}
