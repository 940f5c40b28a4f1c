package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.compute.model.Fault;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Servers; a deleted server keeps its row with status DELETED, as Nova soft-deletes instances. */
public final class ServerRepository {
    private static final RowMapper<Server> MAPPER = (row, context) -> {
        String taskState = row.getString("task_state");
        Integer faultCode = Columns.nullableInt(row, "fault_code");
        Long launchedAt = Columns.nullableLong(row, "launched_at");
        return new Server(row.getString("id"), row.getString("project_id"), row.getString("user_id"),
                row.getString("name"), row.getString("description"), row.getString("flavor_id"),
                row.getString("image_id"), ServerStatus.fromName(row.getString("status")),
                taskState == null ? null : TaskState.fromWireName(taskState),
                PowerState.fromCode(row.getInt("power_state")), row.getString("host"), row.getString("key_name"),
                row.getString("user_data"), row.getBoolean("config_drive"),
                JsonColumns.readMap(row.getString("metadata")), JsonColumns.readList(row.getString("networks")),
                row.getString("mac_address"), row.getString("availability_zone"), row.getString("domain_spec"),
                faultCode == null ? null : new Fault(faultCode, row.getString("fault_message")),
                launchedAt == null ? null : Instant.ofEpochMilli(launchedAt),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")));
    };

    private final Jdbi jdbi;

    public ServerRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Server server) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                INSERT INTO compute_servers (id, project_id, user_id, name, description, flavor_id, image_id, status,
                    task_state, power_state, host, key_name, user_data, config_drive, metadata, networks, mac_address,
                    availability_zone, domain_spec, fault_code, fault_message, launched_at, created_at, updated_at)
                VALUES (:id, :projectId, :userId, :name, :description, :flavorId, :imageId, :status, :taskState,
                    :powerState, :host, :keyName, :userData, :configDrive, :metadata, :networks, :macAddress,
                    :availabilityZone, :domainSpec, :faultCode, :faultMessage, :launchedAt, :createdAt, :updatedAt)"""),
                server).execute());
    }

    /** Saves every mutable field. */
    public void update(Server server) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE compute_servers SET name = :name, description = :description, status = :status,
                    task_state = :taskState, power_state = :powerState, host = :host, metadata = :metadata,
                    domain_spec = :domainSpec, fault_code = :faultCode, fault_message = :faultMessage,
                    launched_at = :launchedAt, updated_at = :updatedAt
                WHERE id = :id"""), server).execute());
    }

    public void markDeleted(String id, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                UPDATE compute_servers SET status = :status, task_state = NULL, power_state = :power,
                    updated_at = :now, deleted_at = :now WHERE id = :id""")
                .bind("status", ServerStatus.DELETED.name()).bind("power", PowerState.NOSTATE.code())
                .bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    public Optional<Server> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM compute_servers WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** Servers that are not deleted, of one project or of all when {@code projectId} is empty, newest first. */
    public List<Server> listLive(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM compute_servers WHERE status <> :deleted
                            AND (:projectId IS NULL OR project_id = :projectId)
                        ORDER BY created_at DESC, id DESC""")
                .bind("deleted", ServerStatus.DELETED.name()).bind("projectId", projectId.orElse(null))
                .map(MAPPER).list());
    }

    private static Update bind(Update update, Server server) {
        return update.bind("id", server.id()).bind("projectId", server.projectId()).bind("userId", server.userId())
                .bind("name", server.name()).bind("description", server.description())
                .bind("flavorId", server.flavorId()).bind("imageId", server.imageId())
                .bind("status", server.status().name())
                .bind("taskState", server.taskState() == null ? null : server.taskState().wireName())
                .bind("powerState", server.powerState().code()).bind("host", server.host())
                .bind("keyName", server.keyName()).bind("userData", server.userData())
                .bind("configDrive", server.configDrive()).bind("metadata", JsonColumns.write(server.metadata()))
                .bind("networks", JsonColumns.write(server.networks())).bind("macAddress", server.macAddress())
                .bind("availabilityZone", server.availabilityZone()).bind("domainSpec", server.domainSpec())
                .bind("faultCode", server.fault() == null ? null : server.fault().code())
                .bind("faultMessage", server.fault() == null ? null : server.fault().message())
                .bind("launchedAt", server.launchedAt() == null ? null : server.launchedAt().toEpochMilli())
                .bind("createdAt", server.createdAt().toEpochMilli())
                .bind("updatedAt", server.updatedAt().toEpochMilli());
    }
}
