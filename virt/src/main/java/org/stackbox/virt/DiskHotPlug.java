package org.stackbox.virt;

import java.time.Duration;

/** Adding and removing disks; the device (its target and bus) comes from {@link BlockDeviceLayout#hotPlugDevice}. */
public interface DiskHotPlug {
    /**
     * Adds the device to the domain's definition, and to the running guest if it runs.
     * Post-condition: on success the device is in the definition (and in the guest); on failure neither changed.
     *
     * @throws HypervisorException {@code INVALID_STATE} if the device's bus cannot be hot-plugged while the domain
     *     runs; {@code COMMAND_FAILED} if the hypervisor refused it
     */
    void attachDisk(String serverId, DiskDevice device, DiskFile file);

    /**
     * Removes the device from the running guest (waiting up to {@code timeout} for the guest to release it) and from
     * the definition. Post-condition: on success the guest no longer sees the device and its file is no longer open;
     * on {@code DEVICE_BUSY} (the guest kept it) the definition still has it.
     */
    void detachDisk(String serverId, String target, Duration timeout);
}
