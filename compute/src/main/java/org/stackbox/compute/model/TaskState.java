package org.stackbox.compute.model;

/** What is being done to a server right now ({@code OS-EXT-STS:task_state}); none when it rests. */
public enum TaskState {
    SCHEDULING("scheduling"),
    BLOCK_DEVICE_MAPPING("block_device_mapping"),
    SPAWNING("spawning"),
    POWERING_OFF("powering-off"),
    POWERING_ON("powering-on"),
    REBOOTING("rebooting"),
    REBOOTING_HARD("rebooting_hard"),
    REBUILDING("rebuilding"),
    PAUSING("pausing"),
    UNPAUSING("unpausing"),
    SUSPENDING("suspending"),
    RESUMING("resuming"),
    RESIZE_PREP("resize_prep"),
    RESIZE_REVERTING("resize_reverting"),
    DELETING("deleting"),
    /** The guest's administrator password is being set (changePassword). */
    UPDATING_PASSWORD("updating_password"),
    /** A snapshot (createImage) was asked for and its image reserved. */
    IMAGE_SNAPSHOT_PENDING("image_snapshot_pending"),
    /** The root disk is being copied. */
    IMAGE_SNAPSHOT("image_snapshot"),
    /** The copy is taken; its upload is about to begin. */
    IMAGE_PENDING_UPLOAD("image_pending_upload"),
    /** The copy is being uploaded into the image. */
    IMAGE_UPLOADING("image_uploading");

    private final String wireName;

    TaskState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() { return wireName; }

    public static TaskState fromWireName(String wireName) {
        for (TaskState state : values()) {
            if (state.wireName.equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown task state: " + wireName);
    }
}
