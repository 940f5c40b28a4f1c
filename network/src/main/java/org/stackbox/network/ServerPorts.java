package org.stackbox.network;

import org.stackbox.common.auth.Caller;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
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
    private final TftpRoots tftpRoots;

    public ServerPorts(NetworkService networkService, PortService portService, NetworkRepository networks,
                       SubnetRepository subnets, TftpRoots tftpRoots) {
        this.networkService = requireNonNull(networkService, "networkService is null");
        this.portService = requireNonNull(portService, "portService is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
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
            throw e;
        }
        return forServer(serverId);
    }

    @Override
    public synchronized ServerPort attach(Caller caller, String serverId, PortRequest request) {
        Port port = bindOne(caller, serverId, request);
        return forServer(serverId).stream().filter(p -> p.portId().equals(port.id())).findFirst().orElseThrow();
    }

    @Override
    public synchronized void detach(String serverId, String portId) {
        Port port = portService.find(portId).filter(p -> p.deviceId().equals(serverId))
                .orElseThrow(() -> NeutronException.portNotFound(portId));
        portService.release(port);
    }

    @Override
    public synchronized void releaseAll(String serverId) {
        for (Port port : portService.forDevice(serverId)) {
            portService.release(port);
        }
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
                    bootFile(port)));
        }
        return result;
    }

    private Port bindOne(Caller caller, String serverId, PortRequest request) {
        List<Port> current = portService.forDevice(serverId);
        int index = current.stream().mapToInt(Port::deviceIndex).max().orElse(-1) + 1;
        boolean hasForward = current.stream().anyMatch(port -> !port.forwards().isEmpty());
        Optional<Integer> ssh = hasForward ? Optional.empty() : Optional.of(SSH_PORT);
        if (request instanceof PortRequest.OnNetwork onNetwork) {
            Network network = networkService.getNetwork(caller, onNetwork.networkId());
            Optional<List<NetworkCommands.RequestedIp>> fixedIps = onNetwork.fixedIp().map(text ->
                    List.of(new NetworkCommands.RequestedIp(Optional.empty(), Optional.of(parse(text)))));
            return portService.allocate(network, caller.projectId(), "", "", true, Optional.empty(), fixedIps,
                    serverId, Port.COMPUTE_OWNER, index, false, ssh);
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
