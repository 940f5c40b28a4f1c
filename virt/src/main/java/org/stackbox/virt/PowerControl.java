package org.stackbox.virt;

import java.time.Duration;

/** Power actions on a defined domain. Each throws {@code DOMAIN_NOT_FOUND} for an unknown server. */
public interface PowerControl {
    /**
     * Starts a shut-off domain from its definition, returning once the guest runs; does nothing if it runs. A
     * {@link DomainState#SAVED} domain is resumed from its saved state ({@link ManagedSave#restore}).
     */
    void powerOn(String serverId);

    /**
     * Presses the ACPI power button and waits up to {@code gracefulTimeout} for the guest to shut down, then stops
     * it. Post-condition: the domain is {@link DomainState#SHUT_OFF}, still defined.
     */
    PowerOffOutcome powerOff(String serverId, Duration gracefulTimeout);

    /**
     * Restarts the guest: {@link RebootType#SOFT} as {@link #powerOff} (forced after {@code gracefulTimeout}) then
     * {@link #powerOn}; {@link RebootType#HARD} stops the process at once and starts it again. Works from any state (a
     * saved state is discarded: the guest boots afresh); post-condition: the domain runs.
     */
    void reboot(String serverId, RebootType type, Duration gracefulTimeout);

    /**
     * Freezes the running guest where it is (its CPUs stop; memory, devices and connections stay): the domain is
     * {@link DomainState#PAUSED}. Throws {@code INVALID_STATE} if it does not run.
     */
    void pause(String serverId);

    /** Lets a paused guest go on from where it was frozen; throws {@code INVALID_STATE} if it does not run. */
    void unpause(String serverId);
}
