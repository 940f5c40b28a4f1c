package org.stackbox.virt;

import java.nio.file.Path;
import java.time.Duration;

/** Copying a disk of a running guest, consistent as of one instant, while the guest goes on running. */
public interface DiskBackup {
    /**
     * What a backup cost the guest.
     *
     * @param ioHeld how long the guest's disk requests were held while the copy's starting point was fixed (its
     *     CPUs never stop)
     * @param copying how long the copy took in all
     */
    record BackupOutcome(Duration ioHeld, Duration copying) {
    }

    /**
     * Copies the disk {@code target} of the running domain, as it was when the copy began, into {@code destination}:
     * a new self-contained qcow2 file (no backing file) of the disk's virtual size. The guest keeps running and
     * writing; what it writes after the start is not in the copy.
     * Post-condition: on success {@code destination} is complete, but not yet flushed to the disk (a caller that keeps
     * it makes it durable, with one {@code fsync}); on failure it does not exist and the guest's
     * devices are as they were.
     *
     * @throws HypervisorException {@code INVALID_STATE} if the domain does not run, {@code DEVICE_NOT_FOUND} for an
     *     unknown target, {@code TIMEOUT} if the copy did not end within {@code timeout}
     */
    BackupOutcome backupDisk(String serverId, String target, Path destination, Duration timeout);
}
