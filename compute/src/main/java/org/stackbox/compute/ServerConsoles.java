package org.stackbox.compute;

import org.stackbox.common.ConsoleType;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The server's consoles: URLs on the console proxy, and what the guest wrote to its serial port. */
public final class ServerConsoles {
    private final Hypervisor hypervisor;
    private final RemoteConsoles consoles;
    private final ServerTransitions transitions;

    ServerConsoles(Hypervisor hypervisor, RemoteConsoles consoles, ServerTransitions transitions) {
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
    }

    /**
     * A URL on the console proxy that opens the {@code kind} console of a running server for a while
     * ({@code os-getVNCConsole}, {@code os-getSerialConsole}, {@code remote-consoles}).
     */
    public String url(Caller caller, String serverId, ConsoleType kind) {
        Server server = transitions.get(caller, serverId);
        ServerAction action = switch (kind) {
            case NOVNC -> ServerAction.GET_VNC_CONSOLE;
            case SERIAL -> ServerAction.GET_SERIAL_CONSOLE;
        };
        if (server.status() == ServerStatus.BUILD) {
            throw ServiceException.conflict("Instance %s is not ready", serverId);
        }
        if (server.taskState() == TaskState.DELETING) {
            throw ServiceException.conflict("Cannot '%s' instance %s while it is in task_state %s",
                    action.novaName(), serverId, TaskState.DELETING.wireName());
        }
        action.requireLegal(server);
        return consoles.issue(serverId, kind);
    }

    /** What the guest wrote to its serial console: the last {@code lines} lines, or all. */
    public String output(Caller caller, String serverId, Optional<Integer> lines) {
        Server server = transitions.get(caller, serverId);
        ServerAction.GET_CONSOLE_OUTPUT.requireLegal(server);
        String output;
        try {
            Path log = hypervisor.consoles(serverId).serialLog();
            output = Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (HypervisorException e) {
            output = "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty()) {
            return output;
        }
        List<String> all = output.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines.get()), all.size()));
    }
}
