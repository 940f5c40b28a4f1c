package org.stackbox.virt;

import java.time.Duration;

/** Adding and removing network cards, as {@code openstack server add/remove network} asks. */
public interface NetworkHotPlug {
    /**
     * Adds the card to the domain's definition, and to the running guest if it runs.
     * Post-condition: on success the card is in the definition (and in the guest); on failure neither changed.
     *
     * @throws HypervisorException {@code INVALID_STATE} if the card cannot be added (its MAC address or a host port
     *     is already the domain's, or the machine cannot take a card while it runs); {@code COMMAND_FAILED} if the
     *     hypervisor refused it
     */
    void attachInterface(String serverId, NetworkInterface card);

    /**
     * Removes the card with this MAC address from the running guest (waiting up to {@code timeout} for the guest to
     * release it) and from the definition. Post-condition: on success the guest no longer sees the card; on
     * {@code DEVICE_BUSY} (the guest kept it) the definition still has it.
     *
     * @throws HypervisorException {@code DEVICE_NOT_FOUND} if the domain has no such card
     */
    void detachInterface(String serverId, String macAddress, Duration timeout);
}
