package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.compute.model.TaskLog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Nova's task_log functions: a task's run on a host for a period is begun once, then ended. */
public final class TaskLogRepository {
    private static final RowMapper<TaskLog> MAPPER = (row, context) -> new TaskLog(row.getString("task_name"),
            row.getString("host"), Instant.ofEpochMilli(row.getLong("period_beginning")),
            Instant.ofEpochMilli(row.getLong("period_ending")), row.getString("state"), row.getInt("task_items"),
            row.getInt("errors"), row.getString("message"));

    private final Jdbi jdbi;

    public TaskLogRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** The task's run on the host for exactly that period, if it began. */
    public Optional<TaskLog> find(String taskName, String host, Instant beginning, Instant ending) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM compute_task_log WHERE task_name = :taskName AND host = :host
                            AND period_beginning = :beginning AND period_ending = :ending""")
                .bind("taskName", taskName).bind("host", host).bind("beginning", beginning.toEpochMilli())
                .bind("ending", ending.toEpochMilli()).map(MAPPER).findOne());
    }

    /** The task's runs on every host for exactly that period, by host. */
    public List<TaskLog> all(String taskName, Instant beginning, Instant ending) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM compute_task_log WHERE task_name = :taskName
                            AND period_beginning = :beginning AND period_ending = :ending ORDER BY host""")
                .bind("taskName", taskName).bind("beginning", beginning.toEpochMilli())
                .bind("ending", ending.toEpochMilli()).map(MAPPER).list());
    }

    /**
     * Records the run as {@code RUNNING}; false if the task already began on that host for that period (Nova's
     * TaskAlreadyRunning), by this process or another.
     */
    public boolean begin(String taskName, String host, Instant beginning, Instant ending, int taskItems,
                         String message, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO compute_task_log (task_name, host, period_beginning, period_ending, state,
                            task_items, errors, message, created_at)
                        VALUES (:taskName, :host, :beginning, :ending, :state, :taskItems, 0, :message, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("taskName", taskName).bind("host", host).bind("beginning", beginning.toEpochMilli())
                .bind("ending", ending.toEpochMilli()).bind("state", TaskLog.RUNNING).bind("taskItems", taskItems)
                .bind("message", message).bind("now", now.toEpochMilli()).execute()) == 1;
    }

    /** Marks the run {@code DONE} with its errors and message; false if it never began (Nova's TaskNotRunning). */
    public boolean end(String taskName, String host, Instant beginning, Instant ending, int errors, String message,
                       Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_task_log SET state = :state, errors = :errors, message = :message,
                            updated_at = :now
                        WHERE task_name = :taskName AND host = :host
                            AND period_beginning = :beginning AND period_ending = :ending""")
                .bind("taskName", taskName).bind("host", host).bind("beginning", beginning.toEpochMilli())
                .bind("ending", ending.toEpochMilli()).bind("state", TaskLog.DONE).bind("errors", errors)
                .bind("message", message).bind("now", now.toEpochMilli()).execute()) == 1;
    }
}
