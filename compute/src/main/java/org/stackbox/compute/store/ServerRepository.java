package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.compute.model.Fault;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerLifetime;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerLock;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Servers; a deleted server keeps its row with status DELETED, as Nova soft-deletes instances. There is no full-row
 * update: each change writes the columns it owns, and a change of state is conditional on the state it expects, so
 * that a concurrent transition is never silently undone.
 */
public final class ServerRepository {
    private static final RowMapper<Server> MAPPER = (row, context) -> {
        String taskState = row.getString("task_state");
        Integer faultCode = Columns.nullableInt(row, "fault_code");
        Long launchedAt = Columns.nullableLong(row, "launched_at");
        String lockedBy = row.getString("locked_by");
        return new Server(row.getString("id"), row.getString("project_id"), row.getString("user_id"),
                row.getString("name"), row.getString("description"), row.getString("flavor_id"),
                row.getString("image_id"), ServerStatus.fromName(row.getString("status")),
                taskState == null ? null : TaskState.fromWireName(taskState),
                PowerState.fromCode(row.getInt("power_state")), row.getString("host"), row.getString("key_name"),
                row.getString("user_data"), row.getBoolean("config_drive"),
                JsonColumns.readMap(row.getString("metadata")), JsonColumns.readList(row.getString("networks")),
                row.getString("mac_address"), row.getString("availability_zone"), row.getString("domain_spec"),
                faultCode == null ? null : new Fault(faultCode, row.getString("fault_message")),
                lockedBy == null ? null : new ServerLock(ServerLock.LockedBy.fromWireName(lockedBy),
                        Optional.ofNullable(row.getString("locked_reason"))),
                row.getString("access_ipv4"), row.getString("access_ipv6"),
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
                    availability_zone, domain_spec, fault_code, fault_message, locked_by, locked_reason, access_ipv4,
                    access_ipv6, launched_at, created_at, updated_at)
                VALUES (:id, :projectId, :userId, :name, :description, :flavorId, :imageId, :status, :taskState,
                    :powerState, :host, :keyName, :userData, :configDrive, :metadata, :networks, :macAddress,
                    :availabilityZone, :domainSpec, :faultCode, :faultMessage, :lockedBy, :lockedReason, :accessIpv4,
                    :accessIpv6, :launchedAt, :createdAt, :updatedAt)"""),
                server).execute());
    }

    /**
     * Starts {@code action} if the server's row allows it at this instant: one conditional update whose row count says
     * whether this caller won, so that of two requests (or two processes on one database) only one starts an action
     * that the other excludes. An action that sets no task state is only checked.
     *
     * @return false when the server is gone or its vm state or task state does not allow the action
     */
    public boolean transition(String id, ServerAction action, Instant now) {
        requireNonNull(action, "action is null");
        List<String> statuses = action.legalIn().stream().map(ServerStatus::name).toList();
        List<String> overrides = action.overrides().stream().map(TaskState::wireName).toList();
        String taskClause = overrides.isEmpty() ? "task_state IS NULL"
                : "(task_state IS NULL OR task_state IN (<overrides>))";
        String assignment = action.sets().isPresent() ? "task_state = :task, updated_at = :now" : "task_state = task_state";
        return jdbi.withHandle(handle -> {
            Update update = handle.createUpdate("UPDATE compute_servers SET " + assignment
                            + " WHERE id = :id AND deleted_at IS NULL AND status IN (<statuses>) AND " + taskClause)
                    .bind("id", id).bindList("statuses", statuses);
            if (!overrides.isEmpty()) {
                update.bindList("overrides", overrides);
            }
            if (action.sets().isPresent()) {
                update.bind("task", action.sets().get().wireName()).bind("now", now.toEpochMilli());
            }
            return update.execute() == 1;
        });
    }

    /**
     * Ends the task {@code expected} with the state the hypervisor reports, only if the server is still in that task:
     * an action that another took over (a delete, a hard reboot) does not undo it.
     */
    public boolean finishTask(String id, TaskState expected, ServerStatus status, PowerState power, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET status = :status, task_state = NULL, power_state = :power,
                            updated_at = :now
                        WHERE id = :id AND deleted_at IS NULL AND task_state = :expected""")
                .bind("status", status.name()).bind("power", power.code()).bind("now", now.toEpochMilli())
                .bind("id", id).bind("expected", expected.wireName()).execute() == 1);
    }

    /** Moves a task on to its next step, unless the server is no longer in step {@code from} (a delete took it over). */
    public boolean advanceTask(String id, TaskState from, TaskState to, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET task_state = :to, updated_at = :now
                        WHERE id = :id AND deleted_at IS NULL AND task_state = :from""")
                .bind("to", to.wireName()).bind("now", now.toEpochMilli()).bind("id", id)
                .bind("from", from.wireName()).execute() == 1);
    }

    /** Records the power state of a server at rest (no task), if it is still at rest in the status it was read in. */
    public boolean recordPowerState(String id, ServerStatus expected, ServerStatus status, PowerState power,
                                    Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET status = :status, power_state = :power, updated_at = :now
                        WHERE id = :id AND deleted_at IS NULL AND status = :expected AND task_state IS NULL""")
                .bind("status", status.name()).bind("power", power.code()).bind("now", now.toEpochMilli())
                .bind("id", id).bind("expected", expected.name()).execute() == 1);
    }

    /** Moves a build on to its next step ({@code host} claimed), unless it is no longer in step {@code from}. */
    public boolean advanceBuild(String id, TaskState from, TaskState to, String host, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET task_state = :to, host = :host, updated_at = :now
                        WHERE id = :id AND status = :build AND task_state = :from""")
                .bind("to", to.wireName()).bind("host", host).bind("now", now.toEpochMilli()).bind("id", id)
                .bind("build", ServerStatus.BUILD.name()).bind("from", from.wireName()).execute() == 1);
    }

    /** Ends a build that spawned its domain: ACTIVE and running, unless a delete took the server over meanwhile. */
    public boolean launched(String id, String host, String domainSpec, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET status = :active, task_state = NULL, power_state = :running,
                            host = :host, domain_spec = :domainSpec, fault_code = NULL, fault_message = NULL,
                            launched_at = :now, updated_at = :now
                        WHERE id = :id AND status = :build AND task_state = :spawning""")
                .bind("active", ServerStatus.ACTIVE.name()).bind("running", PowerState.RUNNING.code())
                .bind("host", host).bind("domainSpec", domainSpec).bind("now", now.toEpochMilli()).bind("id", id)
                .bind("build", ServerStatus.BUILD.name()).bind("spawning", TaskState.SPAWNING.wireName())
                .execute() == 1);
    }

    /** Puts the server in ERROR with {@code fault}, if it is still in one of the tasks {@code expected}. */
    public boolean failTask(String id, Set<TaskState> expected, Fault fault, Instant now) {
        requireNonNull(fault, "fault is null");
        if (expected.isEmpty()) {
            return false;
        }
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET status = :error, task_state = NULL, power_state = :nostate,
                            fault_code = :code, fault_message = :message, updated_at = :now
                        WHERE id = :id AND deleted_at IS NULL AND task_state IN (<expected>)""")
                .bind("error", ServerStatus.ERROR.name()).bind("nostate", PowerState.NOSTATE.code())
                .bind("code", fault.code()).bind("message", fault.message()).bind("now", now.toEpochMilli())
                .bind("id", id).bindList("expected", expected.stream().map(TaskState::wireName).toList())
                .execute() == 1);
    }

    /** Puts the server in ERROR with {@code fault} whatever it was doing: for the reconcile at start-up only. */
    public void markFailed(String id, Fault fault, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET status = :error, task_state = NULL, power_state = :nostate,
                            fault_code = :code, fault_message = :message, updated_at = :now
                        WHERE id = :id AND deleted_at IS NULL""")
                .bind("error", ServerStatus.ERROR.name()).bind("nostate", PowerState.NOSTATE.code())
                .bind("code", fault.code()).bind("message", fault.message()).bind("now", now.toEpochMilli())
                .bind("id", id).execute());
    }

    /** Changes only the name and description. */
    public void rename(String id, String name, String description, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET name = :name, description = :description, updated_at = :now
                        WHERE id = :id""")
                .bind("name", name).bind("description", description).bind("now", now.toEpochMilli()).bind("id", id)
                .execute());
    }

    /**
     * Changes the server's metadata to what {@code change} makes of it, and answers the new metadata. The write is
     * conditional on the metadata read, retried if another change came between, so that two concurrent changes of
     * different keys both stay. {@code change} may refuse by throwing; nothing is written then.
     */
    public Map<String, String> changeMetadata(String id, UnaryOperator<Map<String, String>> change, Instant now) {
        while (true) {
            String current = jdbi.withHandle(handle -> handle.createQuery(
                            "SELECT metadata FROM compute_servers WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
            Map<String, String> changed = change.apply(new LinkedHashMap<>(JsonColumns.readMap(current)));
            int updated = jdbi.withHandle(handle -> {
                Update update = handle.createUpdate("UPDATE compute_servers SET metadata = :changed, updated_at = :now"
                        + " WHERE id = :id AND " + (current == null ? "metadata IS NULL" : "metadata = :current"));
                if (current != null) {
                    update.bind("current", current);
                }
                return update.bind("changed", JsonColumns.write(changed)).bind("now", now.toEpochMilli())
                        .bind("id", id).execute();
            });
            if (updated == 1) {
                return changed;
            }
        }
    }

    /**
     * An administrator's reset of the vm state ({@code os-resetState}): the status is set and the task cleared, whatever
     * they were; the power state stays what was last recorded.
     */
    public void resetState(String id, ServerStatus status, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET status = :status, task_state = NULL, updated_at = :now
                        WHERE id = :id AND status <> 'DELETED'""")
                .bind("status", status.name()).bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    /**
     * Records what a rebuild changes before it runs: the image, and the name and metadata if the request gave them.
     * The server's fault, if it had one, goes.
     */
    public void rebuilding(String id, String imageId, String name, Map<String, String> metadata, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET image_id = :imageId, name = :name, metadata = :metadata,
                            fault_code = NULL, fault_message = NULL, updated_at = :now
                        WHERE id = :id""")
                .bind("imageId", imageId).bind("name", name).bind("metadata", JsonColumns.write(metadata))
                .bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    /** The flavor a resized server had before its resize, while the resize waits for confirmation or revert. */
    public Optional<String> flavorBeforeResize(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT old_flavor_id FROM compute_servers WHERE id = :id AND old_flavor_id IS NOT NULL")
                .bind("id", id).mapTo(String.class).findOne());
    }

    /** The resize's work is done: the server has its new flavor and waits, RESIZED, for confirmation or revert. */
    public boolean resized(String id, String newFlavorId, String oldFlavorId, PowerState power, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET status = 'RESIZED', task_state = NULL, power_state = :power,
                            flavor_id = :flavor, old_flavor_id = :oldFlavor, updated_at = :now
                        WHERE id = :id AND task_state = 'resize_prep'""")
                .bind("power", power.code()).bind("flavor", newFlavorId).bind("oldFlavor", oldFlavorId)
                .bind("now", now.toEpochMilli()).bind("id", id).execute() == 1);
    }

    /**
     * The resize ends, confirmed ({@code flavorId} the new one) or reverted (the old one): the server is
     * {@code status} with {@code flavorId}, and no resize is recorded.
     */
    public boolean endResize(String id, ServerStatus from, TaskState task, String flavorId, ServerStatus status,
                             PowerState power, Instant now) {
        return jdbi.withHandle(handle -> {
            Update update = handle.createUpdate("UPDATE compute_servers SET status = :status, task_state = NULL,"
                    + " power_state = :power, flavor_id = :flavor, old_flavor_id = NULL,"
                    + " updated_at = :now WHERE id = :id AND status = :from AND "
                    + (task == null ? "task_state IS NULL" : "task_state = :task"));
            if (task != null) {
                update.bind("task", task.wireName());
            }
            return update.bind("status", status.name()).bind("power", power.code()).bind("flavor", flavorId)
                    .bind("from", from.name()).bind("now", now.toEpochMilli()).bind("id", id).execute() == 1;
        });
    }

    /** Locks the server ({@code lock} present) or unlocks it; nothing else changes. */
    public void setLock(String id, Optional<ServerLock> lock, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET locked_by = :lockedBy, locked_reason = :reason, updated_at = :now
                        WHERE id = :id""")
                .bind("lockedBy", lock.map(value -> value.lockedBy().wireName()).orElse(null))
                .bind("reason", lock.flatMap(ServerLock::reason).orElse(null))
                .bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    /** Changes only the access addresses; an empty string clears one, as Nova stores it. */
    public void setAccessAddresses(String id, String accessIpv4, String accessIpv6, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET access_ipv4 = :v4, access_ipv6 = :v6, updated_at = :now
                        WHERE id = :id""")
                .bind("v4", accessIpv4).bind("v6", accessIpv6)
                .bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    /** Changes only the stored domain definition. */
    public void saveDomainSpec(String id, String domainSpec, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE compute_servers SET domain_spec = :domainSpec, updated_at = :now WHERE id = :id""")
                .bind("domainSpec", domainSpec).bind("now", now.toEpochMilli()).bind("id", id).execute());
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
    /**
     * The servers that ran at some time between {@code start} and {@code end} (launched before the end, not deleted
     * before the start), deleted ones too, of one project or all, oldest first; after the server {@code marker}
     * when given, at most {@code limit}.
     */
    public List<ServerLifetime> lifetimes(Optional<String> projectId, Instant start, Instant end, int limit,
                                          Optional<String> marker) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT s.id, s.project_id, s.name, s.flavor_id, s.status, s.launched_at, s.deleted_at
                        FROM compute_servers s
                        WHERE s.launched_at IS NOT NULL AND s.launched_at < :end
                            AND (s.deleted_at IS NULL OR s.deleted_at > :start)
                            AND (:projectId IS NULL OR s.project_id = :projectId)
                            AND (:marker IS NULL OR s.created_at > (SELECT created_at FROM compute_servers WHERE id = :marker)
                                OR (s.created_at = (SELECT created_at FROM compute_servers WHERE id = :marker)
                                    AND s.id > :marker))
                        ORDER BY s.created_at, s.id
                        LIMIT :limit""")
                .bind("projectId", projectId.orElse(null)).bind("start", start.toEpochMilli())
                .bind("end", end.toEpochMilli()).bind("marker", marker.orElse(null)).bind("limit", limit)
                .map((row, context) -> {
                    long deleted = row.getLong("deleted_at");
                    Instant deletedAt = row.wasNull() ? null : Instant.ofEpochMilli(deleted);
                    return new ServerLifetime(row.getString("id"), row.getString("project_id"), row.getString("name"),
                            row.getString("flavor_id"), ServerStatus.fromName(row.getString("status")),
                            Instant.ofEpochMilli(row.getLong("launched_at")), deletedAt);
                }).list());
    }

    /** Whether a server with this id was ever recorded (deleted ones too). */
    public boolean exists(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM compute_servers WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one()) > 0;
    }

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
                .bind("lockedBy", server.lock() == null ? null : server.lock().lockedBy().wireName())
                .bind("lockedReason", server.lock() == null ? null : server.lock().reason().orElse(null))
                .bind("accessIpv4", server.accessIpv4()).bind("accessIpv6", server.accessIpv6())
                .bind("launchedAt", server.launchedAt() == null ? null : server.launchedAt().toEpochMilli())
                .bind("createdAt", server.createdAt().toEpochMilli())
                .bind("updatedAt", server.updatedAt().toEpochMilli());
    }
}
