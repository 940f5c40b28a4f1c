package org.stackbox.virt;

/** How a power-off ended. */
public enum PowerOffOutcome {
    /** The domain was not running. */
    ALREADY_OFF,
    /** The guest shut down when asked (ACPI power button). */
    GRACEFUL,
    /** The guest did not shut down in time and was stopped. */
    FORCED
}
