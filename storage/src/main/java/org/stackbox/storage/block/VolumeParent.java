package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

/**
 * What a copy-on-write volume was made from, as {@code rbd info} shows a clone's parent.
 *
 * @param kind whether the parent is an image's base, a snapshot, or (for a clone) the source volume as it was
 * @param id the image, snapshot or source volume id
 * @param overlapBytes how much of the volume still reads through to the parent: the smaller of the two sizes
 */
public record VolumeParent(Kind kind, String id, long overlapBytes) {
    public enum Kind { IMAGE, SNAPSHOT, VOLUME }

    public VolumeParent {
        requireNonNull(kind, "kind is null");
        requireNonNull(id, "id is null");
        if (overlapBytes < 0) {
            throw new IllegalArgumentException("overlapBytes is negative: " + overlapBytes);
        }
    }
}
