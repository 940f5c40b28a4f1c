package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.compute.model.InstanceAction;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What happened to each server, newest first. */
public final class InstanceActionRepository {
    private static final RowMapper<InstanceAction> MAPPER = (row, context) -> {
        Long finish = Columns.nullableLong(row, "finish_time");
        String apiRequestId = row.getString("api_request_id");
        return new InstanceAction(apiRequestId != null ? apiRequestId : row.getString("request_id"),
                row.getString("server_id"), row.getString("action"),
                row.getString("project_id"), row.getString("user_id"), row.getString("message"),
                row.getString("event"), row.getString("result"), row.getString("traceback"),
                Instant.ofEpochMilli(row.getLong("start_time")), finish == null ? null : Instant.ofEpochMilli(finish));
    };

    private final Jdbi jdbi;

    public InstanceActionRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Records an action under its own id; {@code apiRequestId}, the API request that started it if one did, is the
     * id the action shows and is found by.
     */
    public void insert(InstanceAction action, Optional<String> apiRequestId) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO compute_instance_actions (request_id, server_id, action, project_id, user_id,
                            message, event, result, traceback, start_time, finish_time, api_request_id)
                        VALUES (:requestId, :serverId, :action, :projectId, :userId, :message, :event, NULL, NULL,
                            :startTime, NULL, :apiRequestId)""")
                .bind("apiRequestId", apiRequestId.orElse(null))
                .bind("requestId", action.requestId()).bind("serverId", action.serverId())
                .bind("action", action.action()).bind("projectId", action.projectId())
                .bind("userId", action.userId()).bind("message", action.message()).bind("event", action.event())
                .bind("startTime", action.startTime().toEpochMilli()).execute());
    }

    public void finish(String requestId, String result, String message, String traceback, Instant finishTime) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_instance_actions SET result = :result, message = :message,
                            traceback = :traceback, finish_time = :finishTime WHERE request_id = :requestId""")
                .bind("result", result).bind("message", message).bind("traceback", traceback)
                .bind("finishTime", finishTime.toEpochMilli()).bind("requestId", requestId).execute());
    }

    public List<InstanceAction> forServer(String serverId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM compute_instance_actions WHERE server_id = :serverId ORDER BY start_time DESC")
                .bind("serverId", serverId).map(MAPPER).list());
    }

    public Optional<InstanceAction> find(String serverId, String requestId) {
        return forServer(serverId).stream().filter(action -> action.requestId().equals(requestId)).findFirst();
    }
}
