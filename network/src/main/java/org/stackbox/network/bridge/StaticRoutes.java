package org.stackbox.network.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.network.model.HostRoute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A router's extra routes in its namespace, as Neutron's L3 agent installs them: one {@code proto static} route per
 * destination, {@code ip route replace DEST via NEXTHOP proto static} (several nexthops for one destination make one
 * multipath route), and every {@code proto static} route whose destination the router no longer has is deleted.
 * Other routes (the interfaces' own, the default route through the gateway) are not {@code proto static} and stay.
 */
final class StaticRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(StaticRoutes.class);

    private StaticRoutes() {}

    /** Makes the namespace's {@code proto static} routes exactly {@code routes}. */
    static void apply(NetworkNamespace namespace, List<HostRoute> routes) {
        Map<String, Set<String>> nexthops = new LinkedHashMap<>();
        for (HostRoute route : routes) {
            nexthops.computeIfAbsent(route.destination(), destination -> new LinkedHashSet<>()).add(route.nexthop());
        }
        Set<String> wanted = new LinkedHashSet<>();
        nexthops.forEach((destination, hops) -> {
            wanted.add(asShown(destination));
            HostCommand.Result result = namespace.tryIp(replace(destination, hops).toArray(String[]::new));
            if (result.exitCode() != 0) {
                LOG.warn("Cannot route {} via {} in namespace {}: {}", destination, hops, namespace.name(),
                        result.errors().strip());
            }
        });
        for (String destination : installed(namespace.ip("-4", "-o", "route", "show", "proto", "static"))) {
            if (!wanted.contains(destination)) {
                namespace.tryIp("route", "del", destination, "proto", "static");
            }
        }
    }

    /** The arguments of {@code ip} that make {@code destination}'s route through {@code nexthops}. */
    static List<String> replace(String destination, Set<String> nexthops) {
        List<String> arguments = new ArrayList<>(List.of("route", "replace", destination));
        if (nexthops.size() == 1) {
            arguments.addAll(List.of("via", nexthops.iterator().next()));
        }
        arguments.addAll(List.of("proto", "static"));
        if (nexthops.size() > 1) {
            nexthops.forEach(nexthop -> arguments.addAll(List.of("nexthop", "via", nexthop)));
        }
        return arguments;
    }

    /** The destinations in {@code ip -4 -o route show} output, as {@code ip} prints them. */
    static List<String> installed(String output) {
        return output.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")[0]).toList();
    }

    /** A CIDR as {@code ip route show} prints it: {@code default} for {@code 0.0.0.0/0}, a host route bare. */
    static String asShown(String cidr) {
        if (cidr.equals("0.0.0.0/0")) {
            return "default";
        }
        return cidr.endsWith("/32") ? cidr.substring(0, cidr.length() - 3) : cidr;
    }
}
