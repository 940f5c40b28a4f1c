package org.stackbox.image;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of an image, named as Glance reports them, and which transitions are legal. Data is readable only in
 * {@code active} (and, for administrators, {@code deactivated}); a failed upload returns to {@code queued}.
 */
public enum ImageStatus {
    /** Created, no data yet. */
    QUEUED,
    /** Data is being uploaded with {@code PUT .../file}. */
    SAVING,
    ACTIVE,
    /** Glance's state for an upload that failed beyond repair; Stackbox returns failed uploads to queued instead. */
    KILLED,
    DELETED,
    /** Data staged with {@code PUT .../stage} (or being staged), waiting for {@code POST .../import}. */
    UPLOADING,
    /** The staged data is being made the image's data. */
    IMPORTING,
    PENDING_DELETE,
    /** Data kept, but nobody except an administrator may read it. */
    DEACTIVATED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageStatus fromWireName(String wireName) {
        for (ImageStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown image status: " + wireName);
    }

    /** Whether an image may go from this state to {@code next}. */
    public boolean canBecome(ImageStatus next) {
        return successors().contains(next);
    }

    private Set<ImageStatus> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(SAVING, UPLOADING, DELETED);
            case SAVING -> EnumSet.of(ACTIVE, QUEUED, KILLED, DELETED);
            case UPLOADING -> EnumSet.of(IMPORTING, QUEUED, DELETED);
            case IMPORTING -> EnumSet.of(ACTIVE, UPLOADING, DELETED);
            case ACTIVE -> EnumSet.of(DEACTIVATED, DELETED, PENDING_DELETE);
            case DEACTIVATED -> EnumSet.of(ACTIVE, DELETED, PENDING_DELETE);
            case KILLED -> EnumSet.of(DELETED);
            case PENDING_DELETE -> EnumSet.of(DELETED);
            case DELETED -> EnumSet.noneOf(ImageStatus.class);
        };
    }
}
