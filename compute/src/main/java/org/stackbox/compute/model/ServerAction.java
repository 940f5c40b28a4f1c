package org.stackbox.compute.model;

import org.stackbox.common.ServiceException;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Everything that can be done to an existing server: the vm states it is legal in, the task states it may override
 * (besides none), and the task state it sets while it runs, as Nova's {@code check_instance_state} and
 * {@code expected_task_state} state them. An action that sets a task state starts with a compare-and-set on the
 * server's row ({@code ServerRepository.transition}); a call in another state is refused with 409 and Nova's message
 * ({@code Cannot 'stop' instance X while it is in vm_state stopped}).
 */
public enum ServerAction {
    START("start", EnumSet.of(ServerStatus.SHUTOFF), none(), TaskState.POWERING_ON),
    STOP("stop", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.ERROR), none(), TaskState.POWERING_OFF),
    REBOOT_SOFT("reboot", EnumSet.of(ServerStatus.ACTIVE), none(), TaskState.REBOOTING),
    /** Nova's {@code ALLOW_REBOOT}: a hard reboot may take over a reboot under way. */
    REBOOT_HARD("reboot", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.ERROR,
            ServerStatus.PAUSED, ServerStatus.SUSPENDED),
            EnumSet.of(TaskState.REBOOTING, TaskState.REBOOTING_HARD), TaskState.REBOOTING_HARD),
    /** Nova rebuilds an active, stopped or failed server; it shows REBUILD meanwhile. */
    REBUILD("rebuild", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.ERROR), none(),
            TaskState.REBUILDING),
    /** Nova pauses a running server and unpauses a paused one; a paused server's guest is frozen, not stopped. */
    PAUSE("pause", EnumSet.of(ServerStatus.ACTIVE), none(), TaskState.PAUSING),
    UNPAUSE("unpause", EnumSet.of(ServerStatus.PAUSED), none(), TaskState.UNPAUSING),
    /**
     * Nova suspends a running server to disk (its guest's state saved, its process stopped) and resumes a suspended
     * one, which goes on where it was.
     */
    SUSPEND("suspend", EnumSet.of(ServerStatus.ACTIVE), none(), TaskState.SUSPENDING),
    RESUME("resume", EnumSet.of(ServerStatus.SUSPENDED), none(), TaskState.RESUMING),
    /** Nova resizes an active or stopped server; it shows RESIZE, then VERIFY_RESIZE until confirmed or reverted. */
    RESIZE("resize", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), none(), TaskState.RESIZE_PREP),
    /**
     * Nova's snapshot: of an active, stopped, paused or suspended server; its task goes from {@code image_snapshot_pending}
     * through {@code image_snapshot}, {@code image_pending_upload} and {@code image_uploading}.
     */
    CREATE_IMAGE("createImage", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.PAUSED,
            ServerStatus.SUSPENDED), none(), TaskState.IMAGE_SNAPSHOT_PENDING),
    /** Nova sets a running server's administrator password through its guest agent (changePassword). */
    CHANGE_PASSWORD("changePassword", EnumSet.of(ServerStatus.ACTIVE), none(), TaskState.UPDATING_PASSWORD),
    CONFIRM_RESIZE("confirmResize", EnumSet.of(ServerStatus.RESIZED), none(), null),
    REVERT_RESIZE("revertResize", EnumSet.of(ServerStatus.RESIZED), none(), TaskState.RESIZE_REVERTING),
    /** Nova sets no task state while a volume is attached; the server's serial executor orders it with the rest. */
    ATTACH_VOLUME("attach_volume", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), none(), null),
    DETACH_VOLUME("detach_volume", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), none(), null),
    /** Stackbox's own: take the ISO out of a CD-ROM drive (and boot from the installed volume). */
    EJECT_ISO("stackbox_eject_iso", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), none(), null),
    /** Stackbox's own: put an ISO into a CD-ROM drive, a new one if none is empty. */
    INSERT_ISO("stackbox_insert_iso", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), none(), null),
    ATTACH_INTERFACE("attach_interface", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), none(), null),
    DETACH_INTERFACE("detach_interface", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), none(), null),
    /** Nova changes metadata of a server at rest only (no task under way); as Nova says it in its 409. */
    UPDATE_METADATA("update metadata", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.PAUSED,
            ServerStatus.SUSPENDED), none(), null),
    DELETE_METADATA("delete metadata", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.PAUSED,
            ServerStatus.SUSPENDED), none(), null),
    /** Nova checks neither state nor task for a lock, an unlock or an administrator's reset of the state. */
    LOCK("lock", EnumSet.allOf(ServerStatus.class), EnumSet.allOf(TaskState.class), null),
    UNLOCK("unlock", EnumSet.allOf(ServerStatus.class), EnumSet.allOf(TaskState.class), null),
    RESET_STATE("reset_state", EnumSet.allOf(ServerStatus.class), EnumSet.allOf(TaskState.class), null),
    /** Nova changes a server's security groups (its ports') in any state. */
    ADD_SECURITY_GROUP("addSecurityGroup", EnumSet.allOf(ServerStatus.class), EnumSet.allOf(TaskState.class), null),
    REMOVE_SECURITY_GROUP("removeSecurityGroup", EnumSet.allOf(ServerStatus.class), EnumSet.allOf(TaskState.class),
            null),
    /** Any task but another delete: a delete under way is not started twice. */
    DELETE("delete", EnumSet.of(ServerStatus.BUILD, ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.ERROR,
            ServerStatus.RESIZED, ServerStatus.PAUSED, ServerStatus.SUSPENDED),
            EnumSet.complementOf(EnumSet.of(TaskState.DELETING)), TaskState.DELETING),
    /** A console shows a running guest, also while it reboots or powers off; Nova refuses only deleting servers. */
    GET_VNC_CONSOLE("get_vnc_console", EnumSet.of(ServerStatus.ACTIVE),
            EnumSet.complementOf(EnumSet.of(TaskState.DELETING)), null),
    GET_SERIAL_CONSOLE("get_serial_console", EnumSet.of(ServerStatus.ACTIVE),
            EnumSet.complementOf(EnumSet.of(TaskState.DELETING)), null),
    /** The serial log is there once the server was built, whatever it is doing. */
    GET_CONSOLE_OUTPUT("get_console_output", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF,
            ServerStatus.ERROR), EnumSet.allOf(TaskState.class), null);

    private final String novaName;
    private final Set<ServerStatus> legalIn;
    private final Set<TaskState> overrides;
    private final TaskState sets;

    ServerAction(String novaName, Set<ServerStatus> legalIn, Set<TaskState> overrides, TaskState sets) {
        this.novaName = novaName;
        this.legalIn = legalIn;
        this.overrides = overrides;
        this.sets = sets;
    }

    private static Set<TaskState> none() {
        return EnumSet.noneOf(TaskState.class);
    }

    /** Nova's name for it in messages and instance actions. */
    public String novaName() { return novaName; }

    /** The vm states in which it is legal. */
    public Set<ServerStatus> legalIn() { return EnumSet.copyOf(legalIn); }

    /** The task states it may start in besides none (a hard reboot may take over a reboot, a delete any task). */
    public Set<TaskState> overrides() { return overrides.isEmpty() ? none() : EnumSet.copyOf(overrides); }

    /** The task state it sets while it runs; empty for an action that is only checked and ordered. */
    public Optional<TaskState> sets() { return Optional.ofNullable(sets); }

    /** Every task state it passes through, from the one it sets: the ones its end clears. */
    public Set<TaskState> tasks() {
        if (this == CREATE_IMAGE) {
            return EnumSet.of(TaskState.IMAGE_SNAPSHOT_PENDING, TaskState.IMAGE_SNAPSHOT,
                    TaskState.IMAGE_PENDING_UPLOAD, TaskState.IMAGE_UPLOADING);
        }
        return sets == null ? none() : EnumSet.of(sets);
    }

    /**
     * Whether a lock stops it: everything that changes the server, as Nova's {@code check_instance_lock}; looking at
     * its consoles does not.
     */
    public boolean stoppedByLock() {
        return switch (this) {
            case GET_VNC_CONSOLE, GET_SERIAL_CONSOLE, GET_CONSOLE_OUTPUT, LOCK, UNLOCK, RESET_STATE -> false;
            default -> true;
        };
    }

    /** Refuses the action (409, Nova's {@code InstanceIsLocked}) on a locked server, unless an administrator asks. */
    public void requireUnlocked(Server server, boolean byAdministrator) {
        if (server.lock() != null && !byAdministrator && stoppedByLock()) {
            throw ServiceException.conflict("Instance %s is locked", server.id());
        }
    }

    public boolean legalIn(ServerStatus status, TaskState taskState) {
        return legalIn.contains(status) && (taskState == null || overrides.contains(taskState));
    }

    /** Refuses the action (409) unless the server's state, as read, allows it. */
    public void requireLegal(Server server) {
        requireNonNull(server, "server is null");
        if (!legalIn(server.status(), server.taskState())) {
            throw refused(server);
        }
    }

    /** Nova's 409 for this action on a server in a state that does not allow it: the vm state first, as Nova checks. */
    public ServiceException refused(Server server) {
        if (!legalIn.contains(server.status())) {
            return ServiceException.conflict("Cannot '%s' instance %s while it is in vm_state %s", novaName,
                    server.id(), server.status().vmState());
        }
        return ServiceException.conflict("Cannot '%s' instance %s while it is in task_state %s", novaName,
                server.id(), server.taskState() == null ? "None" : server.taskState().wireName());
    }
}
