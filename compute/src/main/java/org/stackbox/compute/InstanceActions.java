package org.stackbox.compute;

import org.stackbox.common.CurrentRequest;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.Ids;
import org.stackbox.compute.model.InstanceAction;
import org.stackbox.compute.store.InstanceActionRepository;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** Records what is done to servers, and how it ended, for {@code os-instance-actions}. */
public final class InstanceActions {
    private final InstanceActionRepository repository;
    private final Clock clock;

    public InstanceActions(InstanceActionRepository repository, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts recording an action; returns its request id. */
    public String start(Caller caller, String serverId, String action, String event) {
        String requestId = "req-" + Ids.uuid();
        // The API request's id, which its answer carried as X-Compute-Request-Id, is the one Nova shows and clients
        // ask for.
        repository.insert(new InstanceAction(requestId, serverId, action,
                caller.projectId() == null ? "" : caller.projectId(), caller.userId(), null, event, null, null,
                clock.instant(), null), CurrentRequest.id());
        return requestId;
    }

    public void succeeded(String requestId) {
        repository.finish(requestId, "Success", null, null, clock.instant());
    }

    public void failed(String requestId, Throwable failure) {
        repository.finish(requestId, "Error", "Error", String.valueOf(failure.getMessage()), clock.instant());
    }
}
