package org.stackbox.virt;

/** Nova's reboot types. */
public enum RebootType {
    /** Ask the guest to shut down (ACPI), forcing it after the timeout, then start again. */
    SOFT,
    /** Stop the process at once and start a new one from the definition. */
    HARD
}
