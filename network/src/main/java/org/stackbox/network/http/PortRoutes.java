package org.stackbox.network.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.NetworkCommands.NewPort;
import org.stackbox.network.NetworkCommands.PortChanges;
import org.stackbox.network.NetworkCommands.RequestedDhcpOption;
import org.stackbox.network.NetworkCommands.RequestedIp;
import org.stackbox.network.NetworkCommands.RequestedPair;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.IpPrefix;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.network.MacAddresses;
import org.stackbox.network.PortService;
import org.stackbox.network.model.Port;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/ports}: list (e.g. {@code ?device_id=SERVER}), show, create, update, delete. */
final class PortRoutes {
    private static final String BASE = "/v2.0/ports";
    private static final Set<String> CREATE = Set.of("network_id", "name", "description", "admin_state_up",
            "mac_address", "fixed_ips", "device_id", "device_owner", "tenant_id", "project_id", "binding:vnic_type",
            "security_groups", "port_security_enabled", "allowed_address_pairs", "extra_dhcp_opts");
    private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up", "fixed_ips",
            "device_id", "device_owner", "binding:vnic_type", "security_groups", "port_security_enabled",
            "allowed_address_pairs", "extra_dhcp_opts");
    /** Neutron's max_allowed_address_pair. */
    private static final int MAX_ADDRESS_PAIRS = 10;
    private static final Set<String> PAIR_KEYS = Set.of("ip_address", "mac_address");
    private static final Set<String> DHCP_OPTION_FIELDS = Set.of("opt_name", "opt_value", "ip_version");

    private final PortService ports;
    private final String networkUrl;

    PortRoutes(PortService ports, String networkUrl) {
        this.ports = requireNonNull(ports, "ports is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_port", this::list);
        routes.post(BASE, "create_port", (context, caller) -> new BulkCreate<Port>("port",
                body -> create(body, caller), port -> ports.deletePort(caller, port.id()),
                port -> view(port, caller)).create(context));
        routes.get(BASE + "/{id}", "get_port", (context, caller) -> Responses.ok(context, Map.of("port",
                NetworkRoutes.query(context).trimmed(view(ports.getPort(caller, context.pathParam("id")),
                        caller)))));
        routes.put(BASE + "/{id}", "update_port", this::update);
        routes.delete(BASE + "/{id}", "delete_port", (context, caller) -> {
            ports.deletePort(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
    }

    private void list(Context context, Caller caller) {
        List<Map<String, Object>> views = ports.listPorts(caller).stream()
                .map(port -> NeutronViews.port(port, ports.status(port), caller)).toList();
        Responses.ok(context, NetworkRoutes.query(context).apply("ports", views, NeutronViews.PORT_ATTRIBUTES,
                networkUrl + BASE));
    }

    private Port create(byte[] body, Caller caller) {
        Attributes attributes = Attributes.of(body, "port", CREATE);
        attributes.requireAbsentOr("binding:vnic_type", "normal", "only 'normal' ports are supported");
        Optional<String> mac = attributes.string("mac_address").map(text -> MacAddresses.normalized(text)
                .orElseThrow(() -> Attributes.invalid("mac_address", "'%s' is not a valid MAC address".formatted(text))));
        Optional<List<RequestedDhcpOption>> options = dhcpOptions(attributes, false);
        return ports.createPort(caller, new NewPort(
                attributes.string("project_id").or(() -> attributes.string("tenant_id")),
                attributes.requireUuid("network_id"), attributes.string("name").orElse(""),
                attributes.string("description").orElse(""), attributes.bool("admin_state_up").orElse(true), mac,
                fixedIps(attributes), attributes.string("device_id").orElse(""),
                attributes.string("device_owner").orElse(""), security(attributes)), options.orElse(List.of()));
    }

    private void update(Context context, Caller caller) {
        Attributes attributes = Attributes.ofUpdate(context.bodyAsBytes(), "port", UPDATE, NeutronViews.PORT_ATTRIBUTES);
        attributes.requireAbsentOr("binding:vnic_type", "normal", "only 'normal' ports are supported");
        Optional<List<RequestedDhcpOption>> options = dhcpOptions(attributes, true);
        if (options.isPresent()) {
            ports.changeDhcpOptions(caller, context.pathParam("id"), options.get());
        }
        Port port = ports.updatePort(caller, context.pathParam("id"), new PortChanges(attributes.string("name"),
                attributes.string("description"), attributes.bool("admin_state_up"), fixedIps(attributes),
                attributes.string("device_id"), attributes.string("device_owner"), security(attributes)));
        Responses.ok(context, Map.of("port", view(port, caller)));
    }

    private static SecurityRequest security(Attributes attributes) {
        Optional<List<String>> groups = attributes.isNull("security_groups") ? Optional.of(List.of())
                : attributes.strings("security_groups");
        groups.ifPresent(ids -> ids.stream().filter(id -> !Attributes.isUuid(id)).findFirst().ifPresent(id -> {
            throw Attributes.invalid("security_groups", "'%s' is not a valid UUID".formatted(id));
        }));
        Optional<List<RequestedPair>> pairs = attributes.isNull("allowed_address_pairs") ? Optional.of(List.of())
                : attributes.objects("allowed_address_pairs").map(PortRoutes::pairs);
        return new SecurityRequest(attributes.bool("port_security_enabled"), groups, pairs);
    }

    /** neutron-lib's _validate_allowed_address_pairs, in its order. */
    private static List<RequestedPair> pairs(List<ObjectNode> objects) {
        if (objects.size() > MAX_ADDRESS_PAIRS) {
            throw new NeutronException(NeutronFault.ALLOWED_ADDRESS_PAIR_EXHAUSTED,
                    "The number of allowed address pair exceeds the maximum %d.".formatted(MAX_ADDRESS_PAIRS));
        }
        List<RequestedPair> pairs = new ArrayList<>();
        for (ObjectNode object : objects) {
            Optional<String> mac = text(object, "mac_address");
            if (object.has("mac_address")) {
                String given = object.get("mac_address").isTextual() ? object.get("mac_address").asText()
                        : object.get("mac_address").toString();
                mac = Optional.of(MacAddresses.normalized(given).orElseThrow(() ->
                        NeutronException.badRequest("'%s' is not a valid MAC address", given)));
            }
            if (!object.has("ip_address")) {
                throw new NeutronException(NeutronFault.ALLOWED_ADDRESS_PAIRS_MISSING_IP,
                        "AllowedAddressPair must contain ip_address");
            }
            String ip = object.get("ip_address").isTextual() ? object.get("ip_address").asText()
                    : object.get("ip_address").toString();
            RequestedPair pair = new RequestedPair(ip, mac);
            if (pairs.contains(pair)) {
                throw new NeutronException(NeutronFault.DUPLICATE_ADDRESS_PAIR_IN_REQUEST, ("Request contains "
                        + "duplicate address pair: mac_address %s ip_address %s.").formatted(mac.orElse("None"), ip));
            }
            Attributes.requireKnown(object, PAIR_KEYS);
            if (IpPrefix.parse(ip).filter(prefix -> ip.contains("/") || prefix.isHost()).isEmpty()) {
                throw NeutronException.badRequest(ip.contains("/") ? "'%s' is not a valid IP subnet"
                        : "'%s' is not a valid IP address", ip);
            }
            pairs.add(pair);
        }
        return pairs;
    }

    /**
     * Neutron's {@code extra_dhcp_opts}: a list of {@code {"opt_name", "opt_value", "ip_version"}} with a name, a value
     * (which an update may give as null, to remove the option) and IP version 4 (the default) or 6.
     */
    private static Optional<List<RequestedDhcpOption>> dhcpOptions(Attributes attributes, boolean update) {
        return attributes.objects("extra_dhcp_opts").map(objects -> objects.stream().map(option -> {
            option.fieldNames().forEachRemaining(field -> {
                if (!DHCP_OPTION_FIELDS.contains(field)) {
                    throw Attributes.invalid("extra_dhcp_opts", "'%s' is not an allowed key of an extra DHCP option"
                            .formatted(field));
                }
            });
            Optional<String> name = text(option, "opt_name").filter(text -> !text.isBlank());
            Optional<String> value = text(option, "opt_value");
            if (name.isEmpty() || !option.path("opt_name").isTextual()) {
                throw Attributes.invalid("extra_dhcp_opts", "each extra DHCP option needs an opt_name");
            }
            if (value.isEmpty() && !update || value.isPresent() && (!option.path("opt_value").isTextual()
                    || value.get().isBlank() || value.get().contains("\n"))) {
                throw Attributes.invalid("extra_dhcp_opts", "the opt_value of %s must be a non-empty string"
                        .formatted(name.get()));
            }
            String version = option.hasNonNull("ip_version") ? option.get("ip_version").asText() : "4";
            if (!version.equals("4") && !version.equals("6")) {
                throw Attributes.invalid("extra_dhcp_opts", "ip_version must be 4 or 6, not '%s'".formatted(version));
            }
            return new RequestedDhcpOption(name.get(), value, Integer.parseInt(version));
        }).toList());
    }

    private static Optional<List<RequestedIp>> fixedIps(Attributes attributes) {
        return attributes.objects("fixed_ips").map(objects -> objects.stream().map(PortRoutes::requestedIp).toList());
    }

    static RequestedIp requestedIp(ObjectNode fixedIp) {
        Optional<String> subnetId = text(fixedIp, "subnet_id");
        Optional<Ipv4Address> address = text(fixedIp, "ip_address").map(text -> {
            try {
                return Ipv4Address.parse(text);
            } catch (IllegalArgumentException e) {
                throw Attributes.invalid("fixed_ips", "'%s' is not a valid IP address".formatted(text));
            }
        });
        if (subnetId.isEmpty() && address.isEmpty()) {
            throw Attributes.invalid("fixed_ips", "each fixed IP needs a subnet_id or an ip_address");
        }
        return new RequestedIp(subnetId, address);
    }

    private static Optional<String> text(ObjectNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private PortView view(Port port, Caller caller) {
        return PortView.of(port, ports.status(port), caller);
    }
}
