package org.stackbox.compute.model;

import java.util.Locale;

/** A server's lifecycle state: the API's {@code status} and Nova's {@code vm_state} for it. */
public enum ServerStatus {
    BUILD("building"),
    ACTIVE("active"),
    SHUTOFF("stopped"),
    ERROR("error"),
    /** Frozen where it was by a pause: its guest neither runs nor is shut off. */
    PAUSED("paused"),
    /** Suspended to disk: its guest's whole state is saved and its QEMU stopped, until a resume goes on from there. */
    SUSPENDED("suspended"),
    /** Resized, waiting for the user to confirm or revert: the API's VERIFY_RESIZE. */
    RESIZED("resized"),
    DELETED("deleted");

    private final String vmState;

    ServerStatus(String vmState) {
        this.vmState = vmState;
    }

    /** The value of {@code OS-EXT-STS:vm_state}. */
    public String vmState() { return vmState; }

    public static ServerStatus fromName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
