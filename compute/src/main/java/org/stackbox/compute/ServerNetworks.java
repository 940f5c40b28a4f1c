package org.stackbox.compute;

import org.stackbox.common.StackboxException;
import org.stackbox.common.ErrorKind;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.network.spi.NetworkSummary;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.PortRequest;
import org.stackbox.network.spi.Ports;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.virt.HostForward;
import org.stackbox.virt.Netboot;
import org.stackbox.virt.NetworkInterface;
import org.stackbox.virt.UserNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A server's cards as the network service's ports: Nova's checks and messages for the {@code networks} of a create
 * request and for {@code os-interface}, and the card each port makes.
 */
final class ServerNetworks {
    private final Ports ports;

    ServerNetworks(Ports ports) {
        this.ports = requireNonNull(ports, "ports is null");
    }

    /**
     * Binds ports for a new server as the request asks, the new ones in the named security groups (the project's
     * default group when none is named); all or none. A group the project does not have is Nova's 400, before any
     * port is made.
     */
    List<ServerPort> allocate(Caller caller, String serverId, NetworkRequest request, List<String> securityGroups) {
        List<String> groupIds = securityGroups.isEmpty() ? List.of() : securityGroupIds(caller, securityGroups, false);
        List<PortRequest> requests = new ArrayList<>();
        if (request instanceof NetworkRequest.Auto) {
            requests.add(new PortRequest.OnNetwork(autoNetwork(caller).id(), Optional.empty(), groupIds));
        } else if (request instanceof NetworkRequest.Networks networks) {
            for (NetworkRequest.Card card : networks.cards()) {
                PortRequest each = portRequest(caller, card.networkId(), card.portId(), card.fixedIp());
                requests.add(each instanceof PortRequest.OnNetwork onNetwork
                        ? new PortRequest.OnNetwork(onNetwork.networkId(), onNetwork.fixedIp(), groupIds) : each);
            }
        }
        if (requests.isEmpty()) {
            return List.of();
        }
        try {
            return ports.allocate(caller, serverId, requests);
        } catch (NeutronException e) {
            throw novaError(e, false);
        }
    }

    /** One more port for the server ({@code POST os-interface}); with neither network nor port, as {@code auto}. */
    ServerPort attach(Caller caller, String serverId, Optional<String> networkId, Optional<String> portId,
                      Optional<String> fixedIp) {
        if (networkId.isPresent() && portId.isPresent()) {
            throw ServiceException.invalid("Must not input both network_id and port_id");
        }
        if (fixedIp.isPresent() && networkId.isEmpty()) {
            throw ServiceException.invalid("Must input network_id when request IP address");
        }
        PortRequest request;
        try {
            request = networkId.isEmpty() && portId.isEmpty()
                    ? new PortRequest.OnNetwork(autoNetwork(caller).id(), Optional.empty())
                    : portRequest(caller, networkId, portId, fixedIp);
        } catch (StackboxException e) {
            throw e.kind() == ErrorKind.INVALID && networkId.isPresent()
                    ? ServiceException.notFound("Network %s could not be found.", networkId.get()) : e;
        }
        try {
            return ports.attach(caller, serverId, request);
        } catch (NeutronException e) {
            throw novaError(e, true);
        }
    }

    List<org.stackbox.network.spi.SecurityGroupSummary> securityGroups(Caller caller) {
        return ports.securityGroups(caller);
    }

    /** Nova's addSecurityGroup: the group (by name or id) on every port of the server; an unknown one is 404. */
    void addSecurityGroup(Caller caller, String serverId, String nameOrId) {
        String groupId = securityGroupIds(caller, List.of(nameOrId), true).get(0);
        ports.addSecurityGroup(caller, serverId, groupId);
    }

    /** Nova's removeSecurityGroup; a group no port of the server has is Nova's 400. */
    void removeSecurityGroup(Caller caller, String serverId, String nameOrId) {
        String groupId = securityGroupIds(caller, List.of(nameOrId), true).get(0);
        if (!ports.removeSecurityGroup(caller, serverId, groupId)) {
            throw ServiceException.invalid("Security group %s not associated with the instance %s", groupId, serverId);
        }
    }

    /** The groups' ids; one the project does not have is Nova's SecurityGroupNotFound (404 for an action). */
    private List<String> securityGroupIds(Caller caller, List<String> namesOrIds, boolean action) {
        try {
            return ports.securityGroupIds(caller, namesOrIds);
        } catch (NeutronException e) {
            if (e.fault() != org.stackbox.network.spi.NeutronFault.SECURITY_GROUP_NOT_FOUND) {
                throw e;
            }
            String message = "Security group %s not found.";
            throw action ? ServiceException.notFound(message, e.subject()) : ServiceException.invalid(message, e.subject());
        }
    }

    Optional<ServerPort> find(String serverId, String portId) {
        return ports.forServer(serverId).stream().filter(port -> port.portId().equals(portId)).findFirst();
    }

    void detach(String serverId, String portId) {
        ports.detach(serverId, portId);
    }

    void releaseAll(String serverId) {
        ports.releaseAll(serverId);
    }

    List<ServerPort> forServer(String serverId) {
        return ports.forServer(serverId);
    }

    /** The cards for the ports, in order, none of them booting. */
    static List<NetworkInterface> cards(List<ServerPort> serverPorts) {
        return serverPorts.stream().map(ServerNetworks::card).toList();
    }

    /**
     * The port's card: its MAC address, on the port's tap on a bridged network, else on a user-mode network addressed
     * like its first fixed IP's subnet.
     */
    static NetworkInterface card(ServerPort port) {
        if (port.tapDevice().isPresent()) {
            return new NetworkInterface(port.macAddress(), null, null, port.tapDevice().get());
        }
        UserNetwork network = port.addressing().map(addressing -> new UserNetwork(addressing.cidr(),
                addressing.gateway(), addressing.guestAddress(), addressing.dnsAddress(),
                port.forwards().stream().map(forward -> new HostForward(forward.protocol(), forward.hostAddress(),
                        forward.hostPort(), forward.guestPort())).toList(),
                port.bootFile().map(file -> new Netboot(file.tftpRoot(), file.name())).orElse(null)))
                .orElse(null);
        return new NetworkInterface(port.macAddress(), null, network);
    }

    private PortRequest portRequest(Caller caller, Optional<String> networkId, Optional<String> portId,
                                    Optional<String> fixedIp) {
        if (portId.isPresent()) {
            return new PortRequest.ExistingPort(portId.get());
        }
        String id = networkId.orElseThrow(() -> ServiceException.invalid("Bad networks format: network uuid is not "
                + "in proper format"));
        NetworkSummary network = ports.network(caller, id).orElseThrow(() ->
                ServiceException.invalid("Network %s could not be found.", id));
        if (!network.hasSubnets()) {
            throw ServiceException.invalid("Network %s requires a subnet in order to boot instances on.", id);
        }
        return new PortRequest.OnNetwork(id, fixedIp);
    }

    /** Nova's "get me a network": the one network the project may use. */
    private NetworkSummary autoNetwork(Caller caller) {
        List<NetworkSummary> available = ports.availableNetworks(caller);
        if (available.isEmpty()) {
            throw ServiceException.invalid("Unable to automatically allocate a network for project %s",
                    caller.projectId());
        }
        if (available.size() > 1) {
            throw ServiceException.conflict("Multiple possible networks found, use a Network ID to be more specific.");
        }
        NetworkSummary network = available.get(0);
        if (!network.hasSubnets()) {
            throw ServiceException.invalid("Network %s requires a subnet in order to boot instances on.", network.id());
        }
        return network;
    }

    /** Neutron's failure as Nova reports it. */
    private static StackboxException novaError(NeutronException e, boolean attaching) {
        String subject = e.subject();
        return switch (e.fault()) {
            case PORT_NOT_FOUND -> attaching ? ServiceException.notFound("Port %s could not be found.", subject)
                    : ServiceException.invalid("Port id %s could not be found.", subject);
            case NETWORK_NOT_FOUND -> attaching ? ServiceException.notFound("Network %s could not be found.", subject)
                    : ServiceException.invalid("Network %s could not be found.", subject);
            case PORT_IN_USE -> ServiceException.conflict("Port %s is still in use.", subject);
            case IP_ADDRESS_ALREADY_ALLOCATED -> ServiceException.invalid("Fixed IP address %s is already in use.",
                    subject);
            case IP_ADDRESS_GENERATION_FAILURE -> ServiceException.invalid("No fixed IP addresses available for "
                    + "network: %s", subject);
            default -> e.kind() == ErrorKind.FORBIDDEN ? ServiceException.invalid("%s", e.getMessage()) : e;
        };
    }
}
