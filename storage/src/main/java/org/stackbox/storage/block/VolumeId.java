package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

/** The id of a volume, as Cinder gives it (a UUID); safe to use as a file name, which the checks guarantee. */
public record VolumeId(String value) {
    public VolumeId {
        requireNonNull(value, "value is null");
        StorageNames.requireSafe(value, "volume id");
    }

    @Override
    public String toString() {
        return value;
    }
}
