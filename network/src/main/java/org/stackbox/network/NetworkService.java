package org.stackbox.network;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.Ids;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.NetworkCommands.NetworkChanges;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.NetworkCommands.SubnetChanges;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.network.store.NetworkRepository;
import org.stackbox.network.store.PortRepository;
import org.stackbox.network.store.SubnetRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Networks and subnets, with Neutron's rules and messages. */
public final class NetworkService {
    private final NetworkRepository networks;
    private final SubnetRepository subnets;
    private final PortRepository ports;
    private final SecurityGroupService securityGroups;
    private final NetworkConfig config;
    private final Clock clock;
    private final List<NetworkChangeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public NetworkService(NetworkRepository networks, SubnetRepository subnets, PortRepository ports,
                          SecurityGroupService securityGroups, NetworkConfig config, Clock clock) {
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code listener} hears of every change to a network, its subnets or its ports, after it is stored. */
    public void addListener(NetworkChangeListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Tells the listeners that the network changed. */
    void changed(String networkId) {
        for (NetworkChangeListener listener : listeners) {
            listener.networkChanged(networkId);
        }
    }

    // ---- networks ------------------------------------------------------------------------------------------------

    public Network createNetwork(Caller caller, NewNetwork request) {
        String projectId = Access.projectFor(caller, request.projectId());
        int mtu = request.mtu().map(NetworkService::requireMtu).orElse(config.defaultMtu());
        Instant now = clock.instant();
        Network network = new Network(Ids.uuid(), projectId, request.name(), request.description(),
                request.adminStateUp(), request.shared(), request.external(), mtu, 1, now, now);
        // Neutron makes the project's default security group before its first network.
        securityGroups.ensureDefault(caller, projectId);
        networks.insert(network);
        changed(network.id());
        return network;
    }

    public List<Network> listNetworks(Caller caller) {
        return networks.listVisible(Access.listingScope(caller));
    }

    /** The network if the caller sees it; 404 NetworkNotFound otherwise. */
    public Network getNetwork(Caller caller, String networkId) {
        return networks.findById(networkId).filter(network -> Access.sees(caller, network))
                .orElseThrow(() -> NeutronException.networkNotFound(networkId));
    }

    public Network updateNetwork(Caller caller, String networkId, NetworkChanges changes) {
        Network network = owned(caller, networkId, "update_network");
        if (network.shared() && changes.shared().equals(Optional.of(false))
                && ports.forNetwork(networkId).stream().anyMatch(p -> !p.projectId().equals(network.projectId()))) {
            throw new NeutronException(NeutronFault.INVALID_SHARED_SETTING, ("Unable to reconfigure sharing settings "
                    + "for network %s. Multiple projects are using it.").formatted(networkId));
        }
        Network updated = network.updated(changes.name().orElse(network.name()),
                changes.description().orElse(network.description()),
                changes.adminStateUp().orElse(network.adminStateUp()), changes.shared().orElse(network.shared()),
                changes.external().orElse(network.external()),
                changes.mtu().map(NetworkService::requireMtu).orElse(network.mtu()), clock.instant());
        networks.update(updated);
        changed(networkId);
        return updated;
    }

    /**
     * Deletes the network, its subnets and its DHCP ports; 409 NetworkInUse while any other port is on it (Neutron
     * deletes the ports it made for its own services with the network).
     */
    public void deleteNetwork(Caller caller, String networkId) {
        owned(caller, networkId, "delete_network");
        List<Port> onNetwork = ports.forNetwork(networkId);
        if (onNetwork.stream().anyMatch(port -> !port.isDhcp())) {
            throw new NeutronException(NeutronFault.NETWORK_IN_USE, ("Unable to complete operation on network %s. "
                    + "There are one or more ports still in use on the network.").formatted(networkId));
        }
        onNetwork.forEach(port -> ports.delete(port.id()));
        networks.delete(networkId);
        changed(networkId);
    }

    // ---- subnets -------------------------------------------------------------------------------------------------

    public Subnet createSubnet(Caller caller, NewSubnet request) {
        Network network = getNetwork(caller, request.networkId());
        if (!Access.owns(caller, network.projectId())) {
            throw NeutronException.policy("create_subnet");
        }
        Ipv4Cidr cidr = request.cidr();
        // A /31 or /32 leaves no address for a DHCP server besides the gateway (Neutron's _validate_subnet).
        if (request.enableDhcp() && cidr.prefixLength() > 30) {
            throw NeutronException.invalidInput("Subnet has a prefix length that is incompatible with DHCP service enabled");
        }
        for (Subnet existing : subnets.forNetwork(network.id())) {
            if (existing.cidr().overlaps(cidr)) {
                throw NeutronException.invalidInput("Requested subnet with cidr: %s for network: %s overlaps with "
                        + "another subnet", cidr, network.id());
            }
        }
        Ipv4Address gateway = request.gateway().map(given -> given.orElse(null)).orElse(cidr.firstHost());
        requireGatewayIn(cidr, gateway);
        List<AllocationPool> pools = request.allocationPools().orElseGet(() -> Ipam.defaultPools(cidr, gateway));
        Ipam.requireValidPools(cidr, gateway, pools);
        requireNameservers(request.dnsNameservers());
        Instant now = clock.instant();
        Subnet subnet = new Subnet(Ids.uuid(), network.id(), Access.projectFor(caller, request.projectId()),
                request.name(), request.description(), cidr, gateway, request.enableDhcp(), pools,
                request.dnsNameservers(), request.hostRoutes(), 0, now, now);
        subnets.insert(subnet);
        changed(network.id());
        return subnet;
    }

    /** The subnets the caller sees: of its project, and of its own and the shared networks. */
    public List<Subnet> listSubnets(Caller caller) {
        Set<String> visibleNetworks = listNetworks(caller).stream().filter(network -> Access.seesSubnetsOf(caller, network))
                .map(Network::id).collect(Collectors.toSet());
        return subnets.list().stream()
                .filter(subnet -> visibleNetworks.contains(subnet.networkId()) || Access.owns(caller, subnet.projectId()))
                .toList();
    }

    /** Whether a subnet has this id, whoever owns it. */
    boolean subnetExists(String subnetId) {
        return subnets.findById(subnetId).isPresent();
    }

    public Subnet getSubnet(Caller caller, String subnetId) {
        Optional<Subnet> subnet = subnets.findById(subnetId);
        if (subnet.isEmpty() || !(Access.owns(caller, subnet.get().projectId())
                || networks.findById(subnet.get().networkId()).map(n -> Access.seesSubnetsOf(caller, n)).orElse(false))) {
            throw NeutronException.subnetNotFound(subnetId);
        }
        return subnet.get();
    }

    public Subnet updateSubnet(Caller caller, String subnetId, SubnetChanges changes) {
        Subnet subnet = ownedSubnet(caller, subnetId, "update_subnet");
        Ipv4Address gateway = changes.gateway().map(given -> given.orElse(null)).orElse(subnet.gateway());
        requireGatewayIn(subnet.cidr(), gateway);
        List<AllocationPool> pools = changes.allocationPools().orElse(subnet.allocationPools());
        Ipam.requireValidPools(subnet.cidr(), gateway, pools);
        changes.dnsNameservers().ifPresent(NetworkService::requireNameservers);
        Subnet updated = subnet.updated(changes.name().orElse(subnet.name()),
                changes.description().orElse(subnet.description()), gateway,
                changes.enableDhcp().orElse(subnet.enableDhcp()), pools,
                changes.dnsNameservers().orElse(subnet.dnsNameservers()),
                changes.hostRoutes().orElse(subnet.hostRoutes()), clock.instant());
        subnets.update(updated);
        changed(updated.networkId());
        return updated;
    }

    /**
     * Deletes the subnet; 409 SubnetInUse while a port other than a DHCP port holds one of its addresses (the DHCP
     * port gives its address back, as in Neutron).
     */
    public void deleteSubnet(Caller caller, String subnetId) {
        Subnet subnet = ownedSubnet(caller, subnetId, "delete_subnet");
        List<Port> holders = ports.portsOnSubnet(subnetId).stream().map(ports::findById).flatMap(Optional::stream)
                .toList();
        if (holders.stream().anyMatch(port -> !port.isDhcp())) {
            throw new NeutronException(NeutronFault.SUBNET_IN_USE, ("Unable to complete operation on subnet %s: "
                    + "One or more ports have an IP allocation from this subnet.").formatted(subnetId));
        }
        for (Port dhcp : holders) {
            ports.replaceFixedIps(dhcp.id(), dhcp.fixedIps().stream().filter(ip -> !ip.subnetId().equals(subnetId))
                    .toList(), clock.instant());
        }
        subnets.delete(subnetId);
        changed(subnet.networkId());
    }

    /** The subnet ids of each network, for the network views. */
    public Map<String, List<String>> subnetIdsByNetwork() {
        return subnets.list().stream().collect(Collectors.groupingBy(Subnet::networkId,
                Collectors.mapping(Subnet::id, Collectors.toList())));
    }

    List<Subnet> subnetsOf(String networkId) {
        return subnets.forNetwork(networkId);
    }

    Map<String, Network> networksById(List<Port> forPorts) {
        Set<String> ids = new HashSet<>();
        forPorts.forEach(port -> ids.add(port.networkId()));
        return ids.stream().map(networks::findById).flatMap(Optional::stream)
                .collect(Collectors.toMap(Network::id, Function.identity()));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Network owned(Caller caller, String networkId, String rule) {
        Network network = getNetwork(caller, networkId);
        if (!Access.owns(caller, network.projectId())) {
            throw NeutronException.policy(rule);
        }
        return network;
    }

    private Subnet ownedSubnet(Caller caller, String subnetId, String rule) {
        Subnet subnet = getSubnet(caller, subnetId);
        Network network = networks.findById(subnet.networkId()).orElseThrow();
        if (!Access.owns(caller, subnet.projectId()) && !Access.owns(caller, network.projectId())) {
            throw NeutronException.policy(rule);
        }
        return subnet;
    }

    private static void requireGatewayIn(Ipv4Cidr cidr, Ipv4Address gateway) {
        if (gateway != null && (!cidr.contains(gateway) || gateway.compareTo(cidr.firstHost()) < 0
                || gateway.compareTo(cidr.lastHost()) > 0)) {
            throw NeutronException.invalidInput("Gateway IP %s is not a host address of subnet %s", gateway, cidr);
        }
    }

    private static void requireNameservers(List<String> nameservers) {
        Set<String> seen = new HashSet<>();
        for (String nameserver : nameservers) {
            // neutron-lib's type:nameservers, an attribute check: "Invalid input for dns_nameservers. Reason: ...".
            if (!Ipv4Address.isValid(nameserver)) {
                throw NeutronException.badRequest("Invalid input for dns_nameservers. Reason: '%s' is not a valid "
                        + "nameserver. '%s' is not a valid IP address.", nameserver, nameserver);
            }
            if (!seen.add(nameserver)) {
                throw NeutronException.badRequest("Invalid input for dns_nameservers. Reason: Duplicate nameserver '%s'.",
                        nameserver);
            }
        }
    }

    private static int requireMtu(int mtu) {
        if (mtu < 68 || mtu > 65535) {
            throw NeutronException.invalidInput("Invalid network MTU value %d", mtu);
        }
        return mtu;
    }
}
