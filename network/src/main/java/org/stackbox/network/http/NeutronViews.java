package org.stackbox.network.http;

import com.fasterxml.jackson.core.type.TypeReference;
import org.stackbox.common.Json;
import org.stackbox.common.auth.Caller;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Subnet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Neutron's JSON shapes for networks, subnets and ports, and the attributes a list may filter on. */
final class NeutronViews {
    static final Set<String> NETWORK_ATTRIBUTES = Set.of("id", "name", "tenant_id", "project_id", "admin_state_up",
            "mtu", "status", "subnets", "shared", "availability_zone_hints", "availability_zones",
            "ipv4_address_scope", "ipv6_address_scope", "router:external", "description", "tags", "created_at",
            "updated_at", "revision_number");
    static final Set<String> SUBNET_ATTRIBUTES = Set.of("id", "name", "tenant_id", "project_id", "network_id",
            "ip_version", "subnetpool_id", "enable_dhcp", "ipv6_ra_mode", "ipv6_address_mode", "gateway_ip", "cidr",
            "allocation_pools", "host_routes", "dns_nameservers", "description", "service_types", "tags",
            "created_at", "updated_at", "revision_number");
    static final Set<String> PORT_ATTRIBUTES = Set.of("id", "name", "network_id", "tenant_id", "project_id",
            "mac_address", "admin_state_up", "status", "device_id", "device_owner", "fixed_ips",
            "allowed_address_pairs", "extra_dhcp_opts", "security_groups", "port_security_enabled", "description",
            "binding:vnic_type",
            "binding:host_id", "binding:profile", "binding:vif_type", "binding:vif_details", "tags", "created_at",
            "updated_at", "revision_number");

    private static final TypeReference<LinkedHashMap<String, Object>> VIEW = new TypeReference<>() {};

    private NeutronViews() {}

    static Map<String, Object> network(Network network, List<String> subnetIds) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", network.id());
        view.put("name", network.name());
        view.put("tenant_id", network.projectId());
        view.put("project_id", network.projectId());
        view.put("admin_state_up", network.adminStateUp());
        view.put("mtu", network.mtu());
        view.put("status", "ACTIVE");
        view.put("subnets", subnetIds);
        view.put("shared", network.shared());
        view.put("availability_zone_hints", List.of());
        view.put("availability_zones", List.of("nova"));
        view.put("ipv4_address_scope", null);
        view.put("ipv6_address_scope", null);
        view.put("router:external", network.external());
        view.put("description", network.description());
        view.put("tags", List.of());
        view.put("created_at", time(network.createdAt()));
        view.put("updated_at", time(network.updatedAt()));
        view.put("revision_number", network.revision());
        return view;
    }

    static Map<String, Object> subnet(Subnet subnet) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subnet.id());
        view.put("name", subnet.name());
        view.put("tenant_id", subnet.projectId());
        view.put("project_id", subnet.projectId());
        view.put("network_id", subnet.networkId());
        view.put("ip_version", subnet.ipVersion());
        view.put("subnetpool_id", null);
        view.put("enable_dhcp", subnet.enableDhcp());
        view.put("ipv6_ra_mode", null);
        view.put("ipv6_address_mode", null);
        view.put("gateway_ip", subnet.gateway() == null ? null : subnet.gateway().toString());
        view.put("cidr", subnet.cidr().toString());
        view.put("allocation_pools", subnet.allocationPools().stream()
                .map(pool -> pair("start", pool.start().toString(), "end", pool.end().toString())).toList());
        view.put("host_routes", routes(subnet.hostRoutes()));
        view.put("dns_nameservers", subnet.dnsNameservers());
        view.put("description", subnet.description());
        view.put("service_types", List.of());
        view.put("tags", List.of());
        view.put("created_at", time(subnet.createdAt()));
        view.put("updated_at", time(subnet.updatedAt()));
        view.put("revision_number", subnet.revision());
        return view;
    }

    /** A port's view as a map, for a list to filter, sort and trim by attribute name. */
    static Map<String, Object> port(Port port, String status, Caller caller) {
        return Json.MAPPER.convertValue(PortView.of(port, status, caller), VIEW);
    }

    /** Two keys in Neutron's order; a {@code Map.of} would print them in an order that changes from one JVM to the next. */
    /** Routes (a subnet's host routes, a router's extra routes) as {@code [{"destination", "nexthop"}, ...]}. */
    static List<Map<String, Object>> routes(List<HostRoute> routes) {
        return routes.stream().map(route -> pair("destination", route.destination(), "nexthop", route.nexthop()))
                .toList();
    }

    private static Map<String, Object> pair(String firstKey, Object firstValue, String secondKey, Object secondValue) {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put(firstKey, firstValue);
        pair.put(secondKey, secondValue);
        return pair;
    }

    /** Neutron's times: whole seconds, UTC, {@code Z}. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
