package org.stackbox.compute.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One thing a user did to a server ({@code os-instance-actions}), with its single event and how it ended.
 *
 * @param result {@code Success} or {@code Error}; null while it runs
 */
public record InstanceAction(String requestId, String serverId, String action, String projectId, String userId,
                             String message, String event, String result, String traceback, Instant startTime,
                             Instant finishTime) {
    public InstanceAction {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(serverId, "serverId is null");
        requireNonNull(action, "action is null");
        requireNonNull(event, "event is null");
        requireNonNull(startTime, "startTime is null");
    }
}
