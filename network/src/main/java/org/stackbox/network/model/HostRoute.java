package org.stackbox.network.model;

import static java.util.Objects.requireNonNull;

/**
 * A route given as Neutron's {@code type:hostroutes}: one a subnet's DHCP would hand out (kept as told, user-mode
 * networks route everything through the host), or one of a router's extra routes ({@code extraroute}).
 */
public record HostRoute(String destination, String nexthop) {
    public HostRoute {
        requireNonNull(destination, "destination is null");
        requireNonNull(nexthop, "nexthop is null");
    }
}
