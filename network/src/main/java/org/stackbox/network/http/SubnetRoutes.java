package org.stackbox.network.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.NetworkCommands.SubnetChanges;
import org.stackbox.network.NetworkService;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/subnets}: list, show, create, update, delete; IPv4 only. */
final class SubnetRoutes {
    private static final String BASE = "/v2.0/subnets";
    private static final Set<String> CREATE = Set.of("network_id", "cidr", "ip_version", "name", "description",
            "gateway_ip", "enable_dhcp", "allocation_pools", "dns_nameservers", "host_routes", "tenant_id",
            "project_id", "subnetpool_id", "ipv6_ra_mode", "ipv6_address_mode", "use_default_subnetpool",
            "service_types", "segment_id");
    private static final Set<String> UPDATE = Set.of("name", "description", "gateway_ip", "enable_dhcp",
            "allocation_pools", "dns_nameservers", "host_routes");

    private final NetworkService networks;
    private final String networkUrl;

    SubnetRoutes(NetworkService networks, String networkUrl) {
        this.networks = requireNonNull(networks, "networks is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_subnet", this::list);
        routes.post(BASE, "create_subnet", (context, caller) -> new BulkCreate<Subnet>("subnet",
                body -> create(body, caller), subnet -> networks.deleteSubnet(caller, subnet.id()),
                NeutronViews::subnet).create(context));
        routes.get(BASE + "/{id}", "get_subnet", (context, caller) -> Responses.ok(context, Map.of("subnet",
                NetworkRoutes.query(context).trimmed(NeutronViews.subnet(
                        networks.getSubnet(caller, context.pathParam("id")))))));
        routes.put(BASE + "/{id}", "update_subnet", this::update);
        routes.delete(BASE + "/{id}", "delete_subnet", (context, caller) -> {
            networks.deleteSubnet(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
    }

    private void list(Context context, Caller caller) {
        List<Map<String, Object>> views = networks.listSubnets(caller).stream().map(NeutronViews::subnet).toList();
        Responses.ok(context, NetworkRoutes.query(context).apply("subnets", views, NeutronViews.SUBNET_ATTRIBUTES,
                networkUrl + BASE));
    }

    private Subnet create(byte[] body, Caller caller) {
        Attributes attributes = Attributes.of(body, "subnet", CREATE);
        attributes.requireAbsentOr("subnetpool_id", null, "subnet pools are not supported");
        attributes.requireAbsentOr("use_default_subnetpool", false, "subnet pools are not supported");
        attributes.requireAbsentOr("ipv6_ra_mode", null, "IPv6 subnets are not supported");
        attributes.requireAbsentOr("ipv6_address_mode", null, "IPv6 subnets are not supported");
        attributes.requireAbsentOr("segment_id", null, "segments are not supported");
        attributes.requireAbsentOr("service_types", List.of(), "service types are not supported");
        int ipVersion = attributes.integer("ip_version").orElseThrow(() -> NeutronException.badRequest(
                "Failed to parse request. Required attribute 'ip_version' not specified"));
        if (ipVersion != 4) {
            throw ipVersion == 6 ? NeutronException.invalidInput("Stackbox's networks are IPv4 only")
                    : Attributes.invalid("ip_version", "%d is not in [4, 6]".formatted(ipVersion));
        }
        String networkId = attributes.requireUuid("network_id");
        Ipv4Cidr cidr = cidr(attributes.requireString("cidr"));
        return networks.createSubnet(caller, new NewSubnet(
                attributes.string("project_id").or(() -> attributes.string("tenant_id")), networkId,
                attributes.string("name").orElse(""), attributes.string("description").orElse(""), cidr,
                gateway(attributes), attributes.bool("enable_dhcp").orElse(true), pools(attributes),
                attributes.strings("dns_nameservers").orElse(List.of()), routes(attributes).orElse(List.of())));
    }

    private void update(Context context, Caller caller) {
        Attributes attributes = Attributes.ofUpdate(context.bodyAsBytes(), "subnet", UPDATE, NeutronViews.SUBNET_ATTRIBUTES);
        Subnet subnet = networks.updateSubnet(caller, context.pathParam("id"), new SubnetChanges(
                attributes.string("name"), attributes.string("description"), gateway(attributes),
                attributes.bool("enable_dhcp"), pools(attributes), attributes.strings("dns_nameservers"),
                routes(attributes)));
        Responses.ok(context, Map.of("subnet", NeutronViews.subnet(subnet)));
    }

    private static Ipv4Cidr cidr(String text) {
        try {
            return Ipv4Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw Attributes.invalid("cidr", "'%s' is not a valid IP subnet".formatted(text));
        }
    }

    /** Absent: the default; {@code null}: no gateway; an address: that one. */
    private static Optional<Optional<Ipv4Address>> gateway(Attributes attributes) {
        if (!attributes.has("gateway_ip")) {
            return Optional.empty();
        }
        if (attributes.isNull("gateway_ip")) {
            return Optional.of(Optional.empty());
        }
        return Optional.of(Optional.of(address("gateway_ip", attributes.string("gateway_ip").orElseThrow())));
    }

    private static Optional<List<AllocationPool>> pools(Attributes attributes) {
        return attributes.objects("allocation_pools").map(objects -> {
            List<AllocationPool> pools = new ArrayList<>();
            for (ObjectNode pool : objects) {
                Ipv4Address start = address("allocation_pools", pool.path("start").asText(""));
                Ipv4Address end = address("allocation_pools", pool.path("end").asText(""));
                if (start.compareTo(end) > 0) {
                    throw new NeutronException(NeutronFault.INVALID_ALLOCATION_POOL,
                            "The allocation pool %s-%s is not valid.".formatted(start, end));
                }
                pools.add(new AllocationPool(start, end));
            }
            return pools;
        });
    }

    private static Optional<List<HostRoute>> routes(Attributes attributes) {
        return attributes.objects("host_routes").map(objects -> objects.stream().map(route -> {
            String destination = route.path("destination").asText("");
            cidr(destination);
            return new HostRoute(destination, address("host_routes", route.path("nexthop").asText("")).toString());
        }).toList());
    }

    private static Ipv4Address address(String attribute, String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw Attributes.invalid(attribute, "'%s' is not a valid IP address".formatted(text));
        }
    }
}
