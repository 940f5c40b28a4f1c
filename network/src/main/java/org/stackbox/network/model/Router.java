package org.stackbox.network.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron router: it joins the subnets of its interfaces (ports it owns) and, with a gateway, reaches an external
 * network, doing SNAT for its subnets when {@code enable_snat}. Its {@code routes} (Neutron's {@code extraroute})
 * send further destinations through nexthops on the subnets it joins.
 */
public record Router(String id, String projectId, String name, String description, boolean adminStateUp,
                     Optional<Gateway> gateway, List<HostRoute> routes, int revision, Instant createdAt,
                     Instant updatedAt) {
    public static final String INTERFACE_OWNER = "network:router_interface";
    public static final String GATEWAY_OWNER = "network:router_gateway";

    public Router {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(gateway, "gateway is null");
        routes = List.copyOf(routes);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The external network a router's gateway port is on, and whether the router does SNAT through it. */
    public record Gateway(String networkId, boolean enableSnat) {
        public Gateway {
            requireNonNull(networkId, "networkId is null");
        }
    }

    public Router updated(String newName, String newDescription, boolean newAdminStateUp, Optional<Gateway> newGateway,
                          Instant now) {
        return updated(newName, newDescription, newAdminStateUp, newGateway, routes, now);
    }

    public Router updated(String newName, String newDescription, boolean newAdminStateUp, Optional<Gateway> newGateway,
                          List<HostRoute> newRoutes, Instant now) {
        return new Router(id, projectId, newName, newDescription, newAdminStateUp, newGateway, newRoutes,
                revision + 1, createdAt, now);
    }

    /** The router with {@code newRoutes} as its extra routes. */
    public Router withRoutes(List<HostRoute> newRoutes, Instant now) {
        return updated(name, description, adminStateUp, gateway, newRoutes, now);
    }
}
