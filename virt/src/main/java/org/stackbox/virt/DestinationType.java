package org.stackbox.virt;

/** Where a block device mapping's disk lives (Nova's {@code destination_type}). */
public enum DestinationType {
    /** A file on the compute host, made for this server and deleted with it (root disk, ephemeral disk). */
    LOCAL,
    /** A block storage volume, which outlives the server unless it is deleted on termination. */
    VOLUME
}
