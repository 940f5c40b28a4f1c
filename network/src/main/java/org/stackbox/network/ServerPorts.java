package org.stackbox.network;

import org.stackbox.common.auth.Caller;
import org.stackbox.network.bridge.LinkNames;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.spi.SecurityGroupSummary;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NetworkSummary;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.PortRequest;
import org.stackbox.network.spi.Ports;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.network.store.NetworkRepository;
import org.stackbox.network.store.SubnetRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The {@link Ports} the compute service uses, on the network and port services. */
public final class ServerPorts implements Ports {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerPorts.class);
    static final int SSH_PORT = 22;

    private final NetworkService networkService;
    private final PortService portService;
    private final NetworkRepository networks;
    private final SubnetRepository subnets;
    private final SecurityGroupService securityGroups;
    private final boolean bridged;
    private final TftpRoots tftpRoots;

    /**
     * {@code bridged}: each port is a tap on its network's bridge (and no port gets an SSH forward, since the guest
     * is on a real network); otherwise each card is a user-mode network of its own, reached by forwards.
     */
    public ServerPorts(NetworkService networkService, PortService portService, NetworkRepository networks,
                       SubnetRepository subnets, SecurityGroupService securityGroups, TftpRoots tftpRoots,
                       boolean bridged) {
        this.bridged = bridged;
        this.networkService = requireNonNull(networkService, "networkService is null");
        this.portService = requireNonNull(portService, "portService is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
        this.tftpRoots = requireNonNull(tftpRoots, "tftpRoots is null");
    }

    @Override
    public Optional<NetworkSummary> network(Caller caller, String networkId) {
        return networks.findById(networkId).filter(network -> Access.sees(caller, network)).map(this::summary);
    }

    /** As Nova asks Neutron: the shared networks and the caller's project's own, even for an administrator. */
    @Override
    public List<NetworkSummary> availableNetworks(Caller caller) {
        return networks.listVisible(Optional.of(caller.projectId() == null ? "" : caller.projectId())).stream()
                .map(this::summary).toList();
    }

    @Override
    public synchronized List<ServerPort> allocate(Caller caller, String serverId, List<PortRequest> requests) {
        List<Port> done = new ArrayList<>();
        try {
            for (PortRequest request : requests) {
                done.add(bindOne(caller, serverId, request));
            }
        } catch (RuntimeException e) {
            for (Port port : done) {
                try {
                    portService.release(portOf(port));
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            notifyNetworksOf(done);
            throw e;
        }
        notifyNetworksOf(done);
        return forServer(serverId);
    }

    @Override
    public synchronized ServerPort attach(Caller caller, String serverId, PortRequest request) {
        Port port = bindOne(caller, serverId, request);
        notifyNetworksOf(List.of(port));
        return forServer(serverId).stream().filter(p -> p.portId().equals(port.id())).findFirst().orElseThrow();
    }

    @Override
    public synchronized void detach(String serverId, String portId) {
        Port port = portService.find(portId).filter(p -> p.deviceId().equals(serverId))
                .orElseThrow(() -> NeutronException.portNotFound(portId));
        portService.release(port);
        notifyNetworksOf(List.of(port));
    }

    @Override
    public synchronized void releaseAll(String serverId) {
        List<Port> released = portService.forDevice(serverId);
        for (Port port : released) {
            portService.release(port);
        }
        notifyNetworksOf(released);
    }

    private void notifyNetworksOf(List<Port> ports) {
        ports.stream().map(Port::networkId).distinct().forEach(networkService::changed);
    }

    @Override
    public List<ServerPort> forServer(String serverId) {
        List<ServerPort> result = new ArrayList<>();
        for (Port port : portService.forDevice(serverId)) {
            String networkName = networks.findById(port.networkId()).map(Network::name).orElse(port.networkId());
            Optional<ServerPort.Addressing> addressing = port.fixedIps().stream().findFirst()
                    .flatMap(this::addressing);
            result.add(new ServerPort(port.id(), port.networkId(), networkName, port.macAddress(),
                    port.fixedIps().stream().map(ip -> new ServerPort.Address(ip.subnetId(), ip.address().toString()))
                            .toList(),
                    addressing,
                    port.forwards().stream().map(forward -> new ServerPort.Forward(forward.protocol(),
                            forward.hostAddress(), forward.hostPort(), forward.guestPort())).toList(),
                    port.security().securityGroupIds().stream().map(id -> securityGroups.find(id)
                            .map(SecurityGroup::name).orElse(id)).toList(),
                    bridged ? Optional.of(LinkNames.tap(port.id())) : Optional.empty(),
                    bootFile(port)));
        }
        return result;
    }

    private Port bindOne(Caller caller, String serverId, PortRequest request) {
        List<Port> current = portService.forDevice(serverId);
        int index = current.stream().mapToInt(Port::deviceIndex).max().orElse(-1) + 1;
        boolean hasForward = current.stream().anyMatch(port -> !port.forwards().isEmpty());
        Optional<Integer> ssh = hasForward || bridged ? Optional.empty() : Optional.of(SSH_PORT);
        if (request instanceof PortRequest.OnNetwork onNetwork) {
            Network network = networkService.getNetwork(caller, onNetwork.networkId());
            Optional<List<NetworkCommands.RequestedIp>> fixedIps = onNetwork.fixedIp().map(text ->
                    List.of(new NetworkCommands.RequestedIp(Optional.empty(), Optional.of(parse(text)))));
            return portService.allocate(caller, network, caller.projectId(), "", "", true, Optional.empty(), fixedIps,
                    serverId, Port.COMPUTE_OWNER, index, false, ssh, onNetwork.securityGroupIds().isEmpty()
                            ? SecurityRequest.UNSPECIFIED : new SecurityRequest(Optional.empty(),
                            Optional.of(onNetwork.securityGroupIds()), Optional.empty()));
        }
        PortRequest.ExistingPort existing = (PortRequest.ExistingPort) request;
        Port port = portService.find(existing.portId())
                .filter(found -> Access.owns(caller, found.projectId()))
                .orElseThrow(() -> NeutronException.portNotFound(existing.portId()));
        if (port.isBound() || !portService.bind(port, serverId, Port.COMPUTE_OWNER, index, ssh)) {
            throw PortService.inUse(portService.find(port.id()).orElse(port));
        }
        return portService.find(port.id()).orElseThrow();
    }

    /** As Nova's neutron API resolves them: among the project's groups, a name first, then an id. */
    @Override
    public List<String> securityGroupIds(Caller caller, List<String> namesOrIds) {
        List<SecurityGroup> own = securityGroups.listGroups(caller).stream()
                .filter(group -> group.projectId().equals(caller.projectId())).toList();
        List<String> ids = new ArrayList<>();
        for (String wanted : namesOrIds) {
            List<SecurityGroup> named = own.stream().filter(group -> group.name().equals(wanted)).toList();
            if (named.size() > 1) {
                throw NeutronException.invalidInput("Multiple security groups found matching '%s'. Use an ID to be "
                        + "more specific.", wanted);
            }
            String id = named.stream().findFirst().or(() -> own.stream().filter(group -> group.id().equals(wanted))
                    .findFirst()).map(SecurityGroup::id).orElseThrow(() -> NeutronException.securityGroupNotFound(wanted));
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public List<SecurityGroupSummary> securityGroups(Caller caller) {
        List<SecurityGroup> own = securityGroups.listGroups(caller).stream()
                .filter(group -> group.projectId().equals(caller.projectId())).toList();
        List<SecurityGroupSummary> summaries = new ArrayList<>();
        for (SecurityGroup group : own) {
            List<SecurityGroupSummary.IngressRule> rules = securityGroups.rulesOf(group.id()).stream()
                    .filter(rule -> rule.direction() == SecurityGroupRule.Direction.INGRESS)
                    .map(rule -> new SecurityGroupSummary.IngressRule(rule.id(), rule.protocol(), rule.portRangeMin(),
                            rule.portRangeMax(), rule.remoteIpPrefix(), rule.remoteGroupId()
                            .flatMap(securityGroups::find)
                            .map(remote -> new SecurityGroupSummary.Remote(remote.name(), remote.projectId()))))
                    .toList();
            summaries.add(new SecurityGroupSummary(group.id(), group.name(), group.description(), group.projectId(),
                    rules));
        }
        return summaries;
    }

    @Override
    public synchronized void addSecurityGroup(Caller caller, String serverId, String securityGroupId) {
        for (Port port : portService.forDevice(serverId)) {
            List<String> groups = port.security().securityGroupIds();
            if (port.security().enabled() && !groups.contains(securityGroupId)) {
                List<String> more = new ArrayList<>(groups);
                more.add(securityGroupId);
                changeGroups(caller, port, more);
            }
        }
    }

    @Override
    public synchronized boolean removeSecurityGroup(Caller caller, String serverId, String securityGroupId) {
        boolean removed = false;
        for (Port port : portService.forDevice(serverId)) {
            List<String> groups = port.security().securityGroupIds();
            if (groups.contains(securityGroupId)) {
                changeGroups(caller, port, groups.stream().filter(id -> !id.equals(securityGroupId)).toList());
                removed = true;
            }
        }
        return removed;
    }

    private void changeGroups(Caller caller, Port port, List<String> groups) {
        portService.updatePort(caller, port.id(), new NetworkCommands.PortChanges(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                new SecurityRequest(Optional.empty(), Optional.of(groups), Optional.empty())));
    }

    private Port portOf(Port port) {
        return portService.find(port.id()).orElse(port);
    }

    /** The port's boot file in its subnet's TFTP directory, checked again now: a link may have been planted since. */
    private Optional<ServerPort.BootFile> bootFile(Port port) {
        Optional<String> name = port.bootFile();
        Optional<FixedIp> fixedIp = port.fixedIps().stream().findFirst();
        if (name.isEmpty() || fixedIp.isEmpty()) {
            return Optional.empty();
        }
        if (TftpRoots.isUrl(name.get())) {
            return Optional.of(new ServerPort.BootFile(null, name.get()));
        }
        Optional<java.nio.file.Path> root = tftpRoots.resolved(fixedIp.get().subnetId(), name.get());
        if (root.isEmpty()) {
            LOG.warn("Port {} names boot file {}, which leads out of its subnet's TFTP directory: it gets none",
                    port.id(), name.get());
        }
        return root.map(directory -> new ServerPort.BootFile(directory.toString(), name.get()));
    }

    private Optional<ServerPort.Addressing> addressing(FixedIp fixedIp) {
        Optional<Subnet> subnet = subnets.findById(fixedIp.subnetId());
        return subnet.flatMap(s -> Ipam.addressing(s, fixedIp.address())).map(a -> new ServerPort.Addressing(
                a.cidr().toString(), a.gateway().toString(), a.guest().toString(), a.dns().toString()));
    }

    private NetworkSummary summary(Network network) {
        return new NetworkSummary(network.id(), network.name(), !networkService.subnetsOf(network.id()).isEmpty());
    }

    private static org.stackbox.common.net.Ipv4Address parse(String text) {
        try {
            return org.stackbox.common.net.Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw NeutronException.invalidInput("'%s' is not a valid IP address", text);
        }
    }
}
