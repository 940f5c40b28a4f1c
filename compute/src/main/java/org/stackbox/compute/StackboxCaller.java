package org.stackbox.compute;

import org.stackbox.common.auth.Caller;

import java.time.Instant;
import java.util.Set;

/**
 * Stackbox itself as the caller, for work it finishes or rolls back at start on behalf of a project whose request
 * went with the process that was stopped (the caller who asked is not there any more).
 */
final class StackboxCaller {
    private StackboxCaller() {}

    static Caller actingFor(String projectId) {
        return new Caller("stackbox", "stackbox", "default", projectId, null, null, Set.of("admin"), Instant.MAX);
    }
}
