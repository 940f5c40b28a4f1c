package org.stackbox.compute.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The statuses Nova gives a resize's migration record over its life: {@code pre-migrating} when it is accepted,
 * {@code migrating} while the server is moved to its new flavor, {@code post-migrating} once its disk and domain
 * have it, {@code finished} while the server waits in VERIFY_RESIZE, then {@code confirming} and {@code confirmed},
 * or {@code reverting} and {@code reverted}; {@code error} when a step failed or a restart interrupted it.
 */
public enum MigrationStatus {
    PRE_MIGRATING("pre-migrating"),
    MIGRATING("migrating"),
    POST_MIGRATING("post-migrating"),
    FINISHED("finished"),
    CONFIRMING("confirming"),
    CONFIRMED("confirmed"),
    REVERTING("reverting"),
    REVERTED("reverted"),
    ERROR("error");

    /** The statuses of a migration whose work is under way: a restart of Stackbox ends them in {@link #ERROR}. */
    public static final Set<MigrationStatus> IN_PROGRESS = EnumSet.of(PRE_MIGRATING, MIGRATING, POST_MIGRATING,
            CONFIRMING, REVERTING);

    private final String wireName;

    MigrationStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MigrationStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(name)).findFirst();
    }
}
