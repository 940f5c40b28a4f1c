package org.stackbox.volume.model;

import java.util.Locale;

/** A volume's states, spelled as Cinder reports them. */
public enum VolumeStatus {
    CREATING, AVAILABLE, RESERVED, ATTACHING, IN_USE, DETACHING, DELETING, ERROR, ERROR_DELETING, ERROR_EXTENDING,
    EXTENDING, UPLOADING, DOWNLOADING, MAINTENANCE, AWAITING_TRANSFER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-').replace("error-", "error_");
    }

    public static VolumeStatus fromWireName(String value) {
        for (VolumeStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown volume status '%s'".formatted(value));
    }
}
