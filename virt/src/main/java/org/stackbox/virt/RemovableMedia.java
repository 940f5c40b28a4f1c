package org.stackbox.virt;

/** CD-ROM media: what an installer needs (insert, change, eject) without recreating the server. */
public interface RemovableMedia {
    /**
     * Puts {@code source} into the CD-ROM drive {@code target}, replacing what was there; the definition follows.
     *
     * @throws HypervisorException {@code DEVICE_NOT_FOUND} if there is no such drive, {@code INVALID_STATE} if it is
     *     not a CD-ROM drive, {@code DEVICE_BUSY} if the guest locked the tray
     */
    void changeMedium(String serverId, String target, DiskSource source, DiskFile file);

    /**
     * Empties the CD-ROM drive {@code target}; with {@code force}, even a tray the guest locked.
     * Post-condition: the drive is empty in the guest and in the definition, and no longer boots.
     */
    void ejectMedium(String serverId, String target, boolean force);
}
