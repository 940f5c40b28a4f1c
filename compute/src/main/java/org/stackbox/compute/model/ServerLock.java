package org.stackbox.compute.model;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A locked server's lock, as Nova keeps it: who locked it (its owner or an administrator: only an administrator
 * unlocks what an administrator locked) and the reason given, if any (microversion 2.73).
 */
public record ServerLock(LockedBy lockedBy, Optional<String> reason) {
    public enum LockedBy {
        OWNER("owner"), ADMIN("admin");

        private final String wireName;

        LockedBy(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() { return wireName; }

        public static LockedBy fromWireName(String name) {
            for (LockedBy lockedBy : values()) {
                if (lockedBy.wireName.equals(name)) {
                    return lockedBy;
                }
            }
            throw new IllegalArgumentException("Unknown locked_by " + name);
        }
    }

    public ServerLock {
        requireNonNull(lockedBy, "lockedBy is null");
        requireNonNull(reason, "reason is null");
    }
}
