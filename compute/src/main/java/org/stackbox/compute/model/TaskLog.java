package org.stackbox.compute.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One row of Nova's task_log: a periodic task's run on a host for a period, {@code RUNNING} from its start and
 * {@code DONE} when it ended, with the number of items it had, its errors and its message.
 */
public record TaskLog(String taskName, String host, Instant periodBeginning, Instant periodEnding, String state,
                      int taskItems, int errors, String message) {
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";

    public TaskLog {
        requireNonNull(taskName, "taskName is null");
        requireNonNull(host, "host is null");
        requireNonNull(periodBeginning, "periodBeginning is null");
        requireNonNull(periodEnding, "periodEnding is null");
        requireNonNull(state, "state is null");
        requireNonNull(message, "message is null");
    }
}
