package org.stackbox.volume.model;

import java.util.Locale;

/** A volume snapshot's states, spelled as Cinder reports them. */
public enum SnapshotStatus {
    CREATING, AVAILABLE, DELETING, ERROR, ERROR_DELETING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SnapshotStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
