package org.stackbox.network.model;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron network. On the embedded default each card gets a user-mode network of its own, addressed from this
 * network's subnets; the network itself is the addressing plan and the ownership of the ports.
 *
 * @param external {@code router:external}, kept as told: Stackbox has no routers or floating IPs
 */
public record Network(String id, String projectId, String name, String description, boolean adminStateUp,
                      boolean shared, boolean external, int mtu, int revision, Instant createdAt,
                      Instant updatedAt) {
    public Network {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public Network updated(String newName, String newDescription, boolean newAdminStateUp, boolean newShared,
                           boolean newExternal, int newMtu, Instant now) {
        return new Network(id, projectId, newName, newDescription, newAdminStateUp, newShared, newExternal, newMtu,
                revision + 1, createdAt, now);
    }
}
