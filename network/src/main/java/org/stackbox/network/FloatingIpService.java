package org.stackbox.network;

import org.stackbox.common.Ids;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.NetworkCommands.RequestedIp;
import org.stackbox.network.RouterCommands.FloatingIpChanges;
import org.stackbox.network.RouterCommands.NewFloatingIp;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.FloatingIp;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Router;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.network.store.FloatingIpRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Floating IPs with Neutron's rules and messages: an address of an external network (a port there,
 * {@code network:floatingip}), associated with a fixed IP of a port whose subnet a router joins to that network
 * (404 ExternalGatewayForFloatingIPNotFound otherwise). Another project's floating IP is not found.
 */
public final class FloatingIpService {
    private final FloatingIpRepository floatingIps;
    private final NetworkService networks;
    private final PortService ports;
    private final RouterService routers;
    private final Clock clock;

    public FloatingIpService(FloatingIpRepository floatingIps, NetworkService networks, PortService ports,
                             RouterService routers, Clock clock) {
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public FloatingIp create(Caller caller, NewFloatingIp request) {
        String projectId = Access.projectFor(caller, request.projectId());
        Network network = networks.getNetwork(caller, request.floatingNetworkId());
        if (!network.external()) {
            throw badRequest("Network %s is not a valid external network".formatted(network.id()));
        }
        if (networks.subnetsOf(network.id()).isEmpty()) {
            throw badRequest("Network %s does not contain any IPv4 subnet".formatted(network.id()));
        }
        String id = Ids.uuid();
        Optional<List<RequestedIp>> requested = request.floatingIpAddress().isPresent() || request.subnetId().isPresent()
                ? Optional.of(List.of(new RequestedIp(request.subnetId(), request.floatingIpAddress())))
                : Optional.empty();
        Port port = ports.allocateOwnedPort(network, "", requested, id, FloatingIp.PORT_OWNER);
        Instant now = clock.instant();
        FloatingIp allocated = new FloatingIp(id, projectId, network.id(), port.fixedIps().get(0).address(),
                port.id(), Optional.empty(), request.description(), 1, now, now);
        Optional<FloatingIp.Association> association;
        try {
            association = request.portId().map(portId -> associate(caller, allocated, portId,
                    request.fixedIpAddress()));
        } catch (RuntimeException e) {
            ports.deleteOwnedPort(port);
            throw e;
        }
        FloatingIp floatingIp = new FloatingIp(id, projectId, network.id(), allocated.floatingIpAddress(), port.id(),
                association, request.description(), 1, now, now);
        floatingIps.insert(floatingIp);
        routers.changed();
        return floatingIp;
    }

    public List<FloatingIp> list(Caller caller) {
        return floatingIps.list(Access.listingScope(caller));
    }

    /** Every floating IP, whoever owns it: for the data plane. */
    public List<FloatingIp> all() {
        return floatingIps.list(Optional.empty());
    }

    public FloatingIp get(Caller caller, String floatingIpId) {
        return floatingIps.findById(floatingIpId).filter(floatingIp -> Access.owns(caller, floatingIp.projectId()))
                .orElseThrow(() -> new NeutronException(NeutronFault.FLOATING_IP_NOT_FOUND,
                        "Floating IP %s could not be found".formatted(floatingIpId), floatingIpId));
    }

    /** Associates ({@code port_id}), disassociates ({@code port_id: null}) or describes the floating IP. */
    public FloatingIp update(Caller caller, String floatingIpId, FloatingIpChanges changes) {
        FloatingIp floatingIp = get(caller, floatingIpId);
        Optional<FloatingIp.Association> association = floatingIp.association();
        if (changes.portId().isPresent()) {
            association = changes.portId().get()
                    .map(portId -> associate(caller, floatingIp, portId, changes.fixedIpAddress()));
        }
        FloatingIp updated = floatingIp.updated(association, changes.description().orElse(floatingIp.description()),
                clock.instant());
        floatingIps.update(updated);
        routers.changed();
        return updated;
    }

    public void delete(Caller caller, String floatingIpId) {
        FloatingIp floatingIp = get(caller, floatingIpId);
        floatingIps.delete(floatingIpId);
        ports.find(floatingIp.floatingPortId()).ifPresent(ports::deleteOwnedPort);
        routers.changed();
    }

    /**
     * Where the floating IP would lead: the port's fixed IP (the one asked for, or its first), through a router
     * joining that address's subnet to the floating IP's network (neutron's _get_assoc_data).
     */
    private FloatingIp.Association associate(Caller caller, FloatingIp floatingIp, String portId,
                                             Optional<Ipv4Address> fixedIpAddress) {
        Port port = ports.getPort(caller, portId);
        FixedIp fixedIp;
        if (fixedIpAddress.isPresent()) {
            fixedIp = port.fixedIps().stream().filter(ip -> ip.address().equals(fixedIpAddress.get())).findFirst()
                    .orElseThrow(() -> badRequest("Port %s does not have fixed ip %s".formatted(portId,
                            fixedIpAddress.get())));
        } else {
            fixedIp = port.fixedIps().stream().findFirst().orElseThrow(() -> badRequest(
                    "Cannot add floating IP to port %s that has no fixed IPv4 addresses".formatted(portId)));
        }
        for (FloatingIp other : floatingIps.list(Optional.empty())) {
            if (!other.id().equals(floatingIp.id()) && other.floatingNetworkId().equals(floatingIp.floatingNetworkId())
                    && other.association().filter(a -> a.portId().equals(portId)
                    && a.fixedIpAddress().equals(fixedIp.address())).isPresent()) {
                throw new NeutronException(NeutronFault.FLOATING_IP_PORT_ALREADY_ASSOCIATED, ("Cannot associate "
                        + "floating IP %s (%s) with port %s using fixed IP %s, as that fixed IP already has a floating "
                        + "IP on external network %s.").formatted(floatingIp.floatingIpAddress(), floatingIp.id(),
                        portId, fixedIp.address(), floatingIp.floatingNetworkId()));
            }
        }
        Router router = routers.routerJoining(floatingIp.floatingNetworkId(), fixedIp.subnetId())
                .orElseThrow(() -> new NeutronException(NeutronFault.EXTERNAL_GATEWAY_FOR_FLOATING_IP_NOT_FOUND,
                        ("External network %s is not reachable from subnet %s.  Therefore, cannot associate Port %s "
                                + "with a Floating IP.").formatted(floatingIp.floatingNetworkId(), fixedIp.subnetId(),
                                portId)));
        return new FloatingIp.Association(portId, fixedIp.address(), router.id());
    }

    private static NeutronException badRequest(String message) {
        return NeutronException.badRequest("Bad floatingip request: %s.", message);
    }
}
