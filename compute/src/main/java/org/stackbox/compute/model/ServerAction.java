package org.stackbox.compute.model;

import org.stackbox.common.ServiceException;

import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Everything that can be done to an existing server, each with the states in which it is legal. A call in another
 * state is refused with 409 and Nova's message ({@code Cannot 'stop' instance X while it is in vm_state stopped}).
 */
public enum ServerAction {
    START("start", EnumSet.of(ServerStatus.SHUTOFF), false),
    STOP("stop", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.ERROR), false),
    REBOOT_SOFT("reboot", EnumSet.of(ServerStatus.ACTIVE), false),
    REBOOT_HARD("reboot", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.ERROR), true),
    ATTACH_VOLUME("attach_volume", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), false),
    DETACH_VOLUME("detach_volume", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), false),
    /** Stackbox's own: take the ISO out of a CD-ROM drive (and boot from the installed volume). */
    EJECT_ISO("stackbox_eject_iso", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), false),
    /** Stackbox's own: put an ISO into a CD-ROM drive, a new one if none is empty. */
    INSERT_ISO("stackbox_insert_iso", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), false),
    ATTACH_INTERFACE("attach_interface", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), false),
    DETACH_INTERFACE("detach_interface", EnumSet.of(ServerStatus.ACTIVE, ServerStatus.SHUTOFF), false),
    DELETE("delete", EnumSet.of(ServerStatus.BUILD, ServerStatus.ACTIVE, ServerStatus.SHUTOFF, ServerStatus.ERROR),
            true),
    /** A console shows a running guest, also while it reboots or powers off; Nova refuses only deleting servers. */
    GET_VNC_CONSOLE("get_vnc_console", EnumSet.of(ServerStatus.ACTIVE), true),
    GET_SERIAL_CONSOLE("get_serial_console", EnumSet.of(ServerStatus.ACTIVE), true);

    private final String novaName;
    private final Set<ServerStatus> legalIn;
    private final boolean overridesTask;

    ServerAction(String novaName, Set<ServerStatus> legalIn, boolean overridesTask) {
        this.novaName = novaName;
        this.legalIn = legalIn;
        this.overridesTask = overridesTask;
    }

    /** Nova's name for it in messages and instance actions. */
    public String novaName() { return novaName; }

    /** Whether it may run while another task is under way (a hard reboot or a delete may, as in Nova). */
    public boolean overridesTask() { return overridesTask; }

    public boolean legalIn(ServerStatus status) { return legalIn.contains(status); }

    /** Refuses the action (409) unless the server's state allows it. */
    public void requireLegal(Server server) {
        requireNonNull(server, "server is null");
        if (!legalIn(server.status())) {
            throw ServiceException.conflict("Cannot '%s' instance %s while it is in vm_state %s", novaName, server.id(),
                    server.status().vmState());
        }
        if (server.taskState() != null && !overridesTask) {
            throw ServiceException.conflict("Cannot '%s' instance %s while it is in task_state %s", novaName, server.id(),
                    server.taskState().wireName());
        }
    }
}
