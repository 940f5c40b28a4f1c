package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

/** The id of a volume snapshot, as Cinder gives it (a UUID); safe to use as a file name. */
public record SnapshotId(String value) {
    public SnapshotId {
        requireNonNull(value, "value is null");
        StorageNames.requireSafe(value, "snapshot id");
    }

    @Override
    public String toString() {
        return value;
    }
}
