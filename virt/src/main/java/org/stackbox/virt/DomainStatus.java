package org.stackbox.virt;

import static java.util.Objects.requireNonNull;

/** One defined domain and its state, as found by {@link DomainRecovery#reconcile()}. */
public record DomainStatus(String serverId, DomainState state) {
    public DomainStatus {
        requireNonNull(serverId, "serverId is null");
        requireNonNull(state, "state is null");
    }
}
