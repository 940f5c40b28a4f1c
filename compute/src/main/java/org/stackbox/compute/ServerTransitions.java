package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.PowerState;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.compute.model.TaskState;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorException;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Where every server action begins and ends. It begins with a compare-and-set on the server's row (the action's vm
 * and task states, see {@link ServerAction}), so that of two conflicting requests, in one process or two, exactly one
 * starts and the other gets Nova's 409; it runs on the server's serial executor, recorded as an instance action; it
 * ends by recording the domain's power state and clearing its task, only if no other action took the server over.
 */
public final class ServerTransitions {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTransitions.class);
    /** A compare-and-set lost to a request that has already ended again is retried, a few times. */
    private static final int ATTEMPTS = 3;

    private final ServerRepository servers;
    private final Hypervisor hypervisor;
    private final RemoteConsoles consoles;
    private final InstanceActions actions;
    private final SerialExecutors executors;
    private final Clock clock;

    public ServerTransitions(ServerRepository servers, Hypervisor hypervisor, RemoteConsoles consoles,
                             InstanceActions actions, SerialExecutors executors, Clock clock) {
        this.servers = requireNonNull(servers, "servers is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The server as the caller may see it: 404 for a deleted server or another project's. */
    public Server get(Caller caller, String serverId) {
        return servers.findById(serverId)
                .filter(server -> server.status() != ServerStatus.DELETED)
                .filter(server -> caller.isAdmin() || server.projectId().equals(caller.projectId()))
                .orElseThrow(() -> ServiceException.notFound("Instance %s could not be found.", serverId));
    }

    /**
     * Starts {@code action} on the server: sets its task state if the row's vm state and task state allow the action
     * at this instant, else refuses it with Nova's 409, naming the state read again after the loss. An action that
     * sets no task state is only checked.
     *
     * @return the server as it was before the action began
     */
    public Server begin(Caller caller, String serverId, ServerAction action) {
        Server server = get(caller, serverId);
        action.requireUnlocked(server, caller.isAdmin());
        if (action.sets().isEmpty()) {
            action.requireLegal(server);
            return server;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (servers.transition(serverId, action, clock.instant())) {
                return server;
            }
            server = get(caller, serverId);
            if (!action.legalIn(server.status(), server.taskState())) {
                throw action.refused(server);
            }
        }
        throw action.refused(server);
    }

    /**
     * Runs an action that sets no task state (an attachment, a drive's medium) on the server's serial executor, and
     * waits for it. Its vm state is checked again when its turn comes: a server being deleted is not changed.
     */
    public <T> T runChecked(Caller caller, Server server, ServerAction action, String event, Supplier<T> work) {
        return await(submitChecked(caller, server, action, event, work));
    }

    /**
     * Queues an action that sets no task state on the server's serial executor, as {@link #runChecked} runs it, and
     * returns at once: the future ends as the action does.
     */
    public <T> CompletableFuture<T> submitChecked(Caller caller, Server server, ServerAction action, String event,
                                                  Supplier<T> work) {
        String requestId = actions.start(caller, server.id(), action.novaName(), event);
        return executors.submit(server.id(), () -> {
            try {
                // A task that began after this action was accepted waits behind it; only a delete, or a vm state
                // the action does not allow, stops it.
                Server current = servers.findById(server.id()).orElse(server);
                if (!action.legalIn().contains(current.status()) || current.taskState() == TaskState.DELETING) {
                    throw action.refused(current);
                }
                T result = work.get();
                actions.succeeded(requestId);
                return result;
            } catch (RuntimeException e) {
                LOG.warn("{} on server {} failed: {}", action.novaName(), server.id(), e.toString());
                actions.failed(requestId, e);
                throw e;
            }
        });
    }

    /**
     * Runs the work of an action that {@link #begin began} with a task state, on the server's serial executor, and
     * returns at once. When its turn comes the work is skipped if another action took the server over (a delete, a
     * hard reboot); afterwards the task ends with the domain's power state.
     */
    public void runTask(Caller caller, Server server, ServerAction action, String event, Runnable work) {
        runTask(caller, server, action, event, work, () -> { });
    }

    /**
     * As {@link #runTask(Caller, Server, ServerAction, String, Runnable)}, with {@code ifSkipped} run instead of the
     * work when another action took the server over first: what the action reserved beforehand is given back there.
     */
    public void runTask(Caller caller, Server server, ServerAction action, String event, Runnable work,
                        Runnable ifSkipped) {
        TaskState task = action.sets().orElseThrow(() -> new IllegalArgumentException(action + " sets no task"));
        String requestId = actions.start(caller, server.id(), action.novaName(), event);
        executors.submit(server.id(), () -> {
            try {
                Optional<TaskState> current = servers.findById(server.id()).map(Server::taskState);
                if (current.isPresent() && current.get() != task) {
                    ifSkipped.run();
                    throw ServiceException.conflict("Cannot '%s' instance %s while it is in task_state %s",
                            action.novaName(), server.id(), current.get().wireName());
                }
                work.run();
                actions.succeeded(requestId);
            } catch (RuntimeException e) {
                LOG.warn("{} of server {} failed: {}", action.novaName(), server.id(), e.toString());
                actions.failed(requestId, e);
            }
            settle(server.id(), action.tasks());
        });
    }

    /**
     * Records the domain's power state as the server's status; ends the task {@code ending} if the server is still in
     * it. A server in another task keeps it, for the action that set it to end; a server at rest is written only if
     * it is still at rest.
     */
    public void settle(String serverId, Optional<TaskState> ending) {
        settle(serverId, ending.map(EnumSet::of).orElseGet(() -> EnumSet.noneOf(TaskState.class)));
    }

    /** As {@link #settle(String, Optional)}, for an action that passes through several tasks ({@code ending}). */
    public void settle(String serverId, Set<TaskState> ending) {
        Server server = servers.findById(serverId).orElse(null);
        if (server == null || server.status() == ServerStatus.DELETED || server.status() == ServerStatus.BUILD) {
            return;
        }
        if (server.taskState() != null && !ending.contains(server.taskState())) {
            return;
        }
        PowerState power;
        boolean saved = false;
        try {
            DomainState domain = hypervisor.state(serverId);
            power = PowerState.of(domain);
            saved = domain == DomainState.SAVED;
        } catch (HypervisorException e) {
            power = PowerState.NOSTATE;
        }
        // A guest is paused for a pause only when one asked for it; QEMU reports starting and other brief states as
        // paused too, and those servers stay ACTIVE.
        boolean paused = server.status() == ServerStatus.PAUSED || ending.contains(TaskState.PAUSING);
        ServerStatus status = switch (power) {
            case RUNNING -> ServerStatus.ACTIVE;
            case PAUSED -> paused ? ServerStatus.PAUSED : ServerStatus.ACTIVE;
            // Nova's suspended server is shut down too; only its saved state tells it from a stopped one.
            case SHUTDOWN -> saved ? ServerStatus.SUSPENDED : ServerStatus.SHUTOFF;
            case CRASHED, NOSTATE -> server.status() == ServerStatus.ERROR ? ServerStatus.ERROR : ServerStatus.SHUTOFF;
        };
        if (server.status() == ServerStatus.RESIZED && status != ServerStatus.ERROR) {
            status = ServerStatus.RESIZED; // waiting for a confirmation or revert, whether its guest runs or not
        }
        if (server.taskState() != null) {
            servers.finishTask(serverId, server.taskState(), status, power, clock.instant());
        } else if (status != server.status() || power != server.powerState()) {
            servers.recordPowerState(serverId, server.status(), status, power, clock.instant());
        }
        if (status != ServerStatus.ACTIVE) {
            // Also when the guest powered itself off: a console URL never outlives the run it was issued for.
            consoles.revokeStopped(serverId);
        }
    }

    /** Keeps the domain's definition, as the hypervisor has it now, with the server. */
    public void saveDomainSpec(String serverId) {
        servers.saveDomainSpec(serverId, Json.write(hypervisor.definition(serverId)), clock.instant());
    }

    /** The action's result; its failure as it was thrown (a hypervisor's failure is mapped by the API with the rest). */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
