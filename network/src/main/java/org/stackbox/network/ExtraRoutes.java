package org.stackbox.network;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of a router's extra routes (Neutron's {@code extraroute} and {@code extraroute-atomic}): the request's
 * form as neutron-lib's {@code validate_hostroutes} checks it, the nexthops as {@code extraroute_db} checks them
 * (on a subnet the router joins, not one of its own addresses), the most a router may have, and how the atomic add
 * and remove merge a change into the routes a router has. Stackbox's networks are IPv4 only, so a route's
 * destination and nexthop are IPv4.
 */
final class ExtraRoutes {
    /** Neutron's default {@code quota_router_route} (formerly {@code max_routes}): routes per router. */
    static final int MAX_ROUTES = 30;

    private ExtraRoutes() {}

    /**
     * A router's new {@code routes} as {@link #canonical}, and no route twice; otherwise 400 with neutron-lib's
     * words.
     */
    static List<HostRoute> validated(List<HostRoute> requested) {
        List<HostRoute> routes = new ArrayList<>();
        for (HostRoute route : canonical(requested)) {
            if (routes.contains(route)) {
                throw invalid("Duplicate hostroute '%s'".formatted(python(route)));
            }
            routes.add(route);
        }
        return routes;
    }

    /**
     * The routes in canonical form: each destination a routable CIDR (no host bits, not loopback), each nexthop an
     * IPv4 address; otherwise 400 with neutron-lib's words. The atomic add and remove take routes so checked and
     * merge what is given twice.
     */
    static List<HostRoute> canonical(List<HostRoute> requested) {
        return requested.stream().map(route -> new HostRoute(destination(route.destination()).toString(),
                nexthop(route.nexthop()).toString())).toList();
    }

    /**
     * {@code add_extraroutes}: the router's routes and {@code added}, a route in both kept once, grouped by
     * destination in the order each destination first appears.
     */
    static List<HostRoute> add(List<HostRoute> current, List<HostRoute> added) {
        List<HostRoute> all = new ArrayList<>(current);
        all.addAll(added);
        return grouped(all, Set.of());
    }

    /** {@code remove_extraroutes}: the router's routes less {@code removed}; one it does not have is no error. */
    static List<HostRoute> remove(List<HostRoute> current, List<HostRoute> removed) {
        return grouped(current, Set.copyOf(removed));
    }

    /**
     * Neutron's {@code _validate_routes_nexthop}: every nexthop on one of {@code joined} (the subnets of the router's
     * ports) and none of them one of the router's own {@code addresses}; otherwise 400 InvalidRoutes.
     */
    static void requireReachable(List<HostRoute> routes, Collection<Ipv4Cidr> joined, Set<Ipv4Address> addresses) {
        for (HostRoute route : routes) {
            Ipv4Address nexthop = Ipv4Address.parse(route.nexthop());
            if (joined.stream().noneMatch(cidr -> cidr.contains(nexthop))) {
                throw invalidRoutes(routes, "the nexthop is not connected with router");
            }
            if (addresses.contains(nexthop)) {
                throw invalidRoutes(routes, "the nexthop is used by router");
            }
        }
    }

    /** At most {@link #MAX_ROUTES}; otherwise 400 RoutesExhausted. */
    static void requireWithinLimit(String routerId, List<HostRoute> routes) {
        if (routes.size() > MAX_ROUTES) {
            throw new NeutronException(NeutronFault.ROUTES_EXHAUSTED, ("Unable to complete operation for %s. The "
                    + "number of routes exceeds the maximum %d.").formatted(routerId, MAX_ROUTES), routerId);
        }
    }

    /** Whether a route's nexthop lies in {@code cidr}: the subnet an interface joins is then needed by the route. */
    static boolean needs(HostRoute route, Ipv4Cidr cidr) {
        return cidr.contains(Ipv4Address.parse(route.nexthop()));
    }

    private static List<HostRoute> grouped(List<HostRoute> routes, Set<HostRoute> dropped) {
        Map<String, Set<String>> nexthops = new LinkedHashMap<>();
        for (HostRoute route : routes) {
            nexthops.computeIfAbsent(route.destination(), destination -> new LinkedHashSet<>()).add(route.nexthop());
        }
        List<HostRoute> result = new ArrayList<>();
        nexthops.forEach((destination, hops) -> hops.stream().map(hop -> new HostRoute(destination, hop))
                .filter(route -> !dropped.contains(route)).forEach(result::add));
        return result;
    }

    /** neutron-lib's {@code validate_route_cidr}. */
    private static Ipv4Cidr destination(String text) {
        Ipv4Cidr cidr;
        try {
            cidr = Ipv4Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid("'%s' is not a valid CIDR".formatted(text));
        }
        if (Ipv4Cidr.parse("127.0.0.0/8").contains(cidr.network()) && cidr.prefixLength() >= 8) {
            throw invalid("'%s' is not a routable CIDR".formatted(text));
        }
        return cidr;
    }

    private static Ipv4Address nexthop(String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid("'%s' is not a valid IP address".formatted(text));
        }
    }

    private static NeutronException invalid(String reason) {
        return NeutronException.badRequest("Invalid input for routes. Reason: %s.", reason);
    }

    /** neutron-lib's InvalidRoutes, naming the routes as Python prints a list of dictionaries. */
    private static NeutronException invalidRoutes(List<HostRoute> routes, String reason) {
        return new NeutronException(NeutronFault.INVALID_ROUTES, "Invalid format for routes: [%s], %s".formatted(
                routes.stream().map(ExtraRoutes::python).collect(Collectors.joining(", ")), reason));
    }

    private static String python(HostRoute route) {
        return "{'destination': '%s', 'nexthop': '%s'}".formatted(route.destination(), route.nexthop());
    }
}
