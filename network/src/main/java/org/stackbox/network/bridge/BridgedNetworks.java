package org.stackbox.network.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.network.Ipam;
import org.stackbox.network.NetworkChangeListener;
import org.stackbox.network.FloatingIpService;
import org.stackbox.network.PortService;
import org.stackbox.network.RouterService;
import org.stackbox.network.TftpRoots;
import org.stackbox.network.firewall.FirewallPort;
import org.stackbox.network.firewall.SecurityGroupFirewall;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.store.NetworkRepository;
import org.stackbox.network.store.PortRepository;
import org.stackbox.network.store.SubnetRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The bridged mode's data plane, what Neutron's Linux-bridge and DHCP agents do on one host: in the cloud's
 * namespace, a bridge per network ({@link LinkNames}) carrying the addresses of the network's DHCP port, a persistent
 * tap per port a server uses (made before its QEMU starts, which opens it by name), and a dnsmasq per network serving
 * every DHCP subnet of it ({@link DhcpConfig}) with the metadata proxy beside it ({@link MetadataProxy}).
 * <p>Every change is applied by making one network's devices match the database ({@link #networkChanged}), so the
 * same code builds a network, follows its changes, and rebuilds everything after a restart of Stackbox or of the
 * machine ({@link #start}); routers and floating IPs follow ({@link BridgedRouters}). A dnsmasq that dies is started again within {@value #WATCH_SECONDS} s. A clean stop
 * leaves everything running while servers use ports (their guests keep their network); without any, it removes the
 * namespace and the DHCP servers, so nothing of the cloud is left on the host.
 */
public final class BridgedNetworks implements NetworkChangeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BridgedNetworks.class);
    static final int WATCH_SECONDS = 2;

    private final NetworkNamespace namespace;
    private final Path dhcpDirectory;
    private final NetworkRepository networks;
    private final SubnetRepository subnets;
    private final PortRepository ports;
    private final PortService portService;
    private final Function<String, Path> metadataSocket;
    private final String hostId;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bridged-networks-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final PortLinks links;
    private final SecurityGroupFirewall firewall;
    private final BridgedRouters routers;
    private final TftpRoots tftpRoots;
    /** The ports the namespace's ruleset was last written for. */
    private List<FirewallPort> firewallPorts = List.of();
    private boolean started;
    private java.time.Instant startedAt = java.time.Instant.EPOCH;

    /** {@code metadataSocket}: where the metadata service answers for a server, by the server's id. */
    public BridgedNetworks(NetworkNamespace namespace, Path dhcpDirectory, Function<String, Path> metadataSocket,
                           NetworkRepository networks, SubnetRepository subnets, PortRepository ports,
                           PortService portService, PortLinks links, SecurityGroupFirewall firewall,
                           TftpRoots tftpRoots, RouterService routers, FloatingIpService floatingIps) {
        this.tftpRoots = requireNonNull(tftpRoots, "tftpRoots is null");
        this.routers = new BridgedRouters(namespace, routers, floatingIps, networks, subnets);
        this.firewall = requireNonNull(firewall, "firewall is null");
        this.metadataSocket = requireNonNull(metadataSocket, "metadataSocket is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.dhcpDirectory = requireNonNull(dhcpDirectory, "dhcpDirectory is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
        this.ports = requireNonNull(ports, "ports is null");
        this.portService = requireNonNull(portService, "portService is null");
        // Neutron's DHCP port device id: "dhcp" + a UUID of the host + "-" + the network id.
        this.hostId = UUID.nameUUIDFromBytes(namespace.name().getBytes(StandardCharsets.UTF_8)).toString();
        this.links = requireNonNull(links, "links is null");
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    /** Builds the namespace and every network from the database, removes what no record owns, and starts watching. */
    public synchronized void start() {
        namespace.create();
        Set<String> known = new HashSet<>();
        for (Network network : networks.listVisible(Optional.empty())) {
            known.add(network.id());
            sync(network.id());
        }
        for (String bridge : linkNames("type", "bridge")) {
            if (known.stream().noneMatch(id -> LinkNames.bridge(id).equals(bridge))) {
                removeBridge(bridge);
            }
        }
        Set<String> taps = new HashSet<>();
        ports.listVisible(Optional.empty()).stream().filter(Port::usedByServer)
                .forEach(port -> taps.add(LinkNames.tap(port.id())));
        for (String tap : linkNames("type", "tun")) {
            if (!taps.contains(tap)) {
                namespace.tryIp("link", "delete", tap);
            }
        }
        for (Path directory : dhcpDirectories()) {
            if (!known.contains(directory.getFileName().toString())) {
                removeServices(directory);
            }
        }
        applyFirewall();
        routers.sync();
        started = true;
        startedAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        watcher.scheduleWithFixedDelay(this::watch, WATCH_SECONDS, WATCH_SECONDS, TimeUnit.SECONDS);
        LOG.info("Bridged networks in namespace {}: {} networks", namespace.name(), known.size());
    }

    /**
     * Makes the network's devices match the database. A failure is logged, not thrown: the change is stored, and the
     * next change or start applies it (a server whose tap could not be made fails to start, saying why).
     */
    @Override
    public synchronized void networkChanged(String networkId) {
        if (!started) {
            return;
        }
        try {
            sync(networkId);
            applyFirewall();
            routers.sync();
        } catch (RuntimeException e) {
            LOG.error("Cannot apply network {} in namespace {}: {}", networkId, namespace.name(), e.getMessage());
        }
    }

    /** Makes the routers' namespaces, interfaces, gateways and address translation match the database. */
    public synchronized void routersChanged() {
        if (!started) {
            return;
        }
        try {
            routers.sync();
        } catch (RuntimeException e) {
            LOG.error("Cannot apply the routers of namespace {}: {}", namespace.name(), e.getMessage());
        }
    }

    /** Rewrites the chains of a security group whose rules changed (and the member sets they name). */
    public synchronized void securityGroupChanged(String groupId) {
        if (!started) {
            return;
        }
        try {
            firewall.groupsChanged(namespace.name(), firewallPorts, List.of(groupId));
        } catch (RuntimeException e) {
            LOG.error("Cannot apply security group {} in namespace {}: {}", groupId, namespace.name(), e.getMessage());
        }
    }

    /**
     * The security groups, anti-spoofing and port security of every server's port in the namespace, in one
     * transaction (the DHCP ports are the namespace's own and need none).
     */
    private void applyFirewall() {
        List<FirewallPort> current = ports.listVisible(Optional.empty()).stream().filter(Port::usedByServer)
                .map(port -> new FirewallPort(port, LinkNames.tap(port.id()), LinkNames.bridge(port.networkId())))
                .toList();
        firewall.apply(namespace.name(), current);
        firewallPorts = current;
    }

    /**
     * Stops watching; without a port bound to a server, removes the DHCP servers and the namespace (with its bridges
     * and taps). With one, leaves all running for the guests, to be taken over by the next start.
     */
    @Override
    public synchronized void close() {
        watcher.shutdownNow();
        started = false;
        boolean inUse = ports.listVisible(Optional.empty()).stream().anyMatch(Port::usedByServer);
        if (inUse) {
            LOG.info("Leaving namespace {} and its DHCP servers to the running servers", namespace.name());
            return;
        }
        dhcpDirectories().forEach(this::removeServices);
        routers.remove();
        namespace.delete();
        LOG.info("Removed namespace {}", namespace.name());
    }

    private void sync(String networkId) {
        String bridge = LinkNames.bridge(networkId);
        DhcpServer dhcp = new DhcpServer(namespace, dhcpDirectory.resolve(networkId));
        Optional<Network> found = networks.findById(networkId);
        if (found.isEmpty()) {
            removeServices(dhcp.directory());
            removeBridge(bridge);
            return;
        }
        Network network = found.get();
        ensureBridge(bridge, network.mtu());
        List<Subnet> all = subnets.forNetwork(networkId);
        List<Subnet> withDhcp = all.stream().filter(Subnet::enableDhcp).toList();
        Optional<Port> dhcpPort = portService.ensureDhcpPort(network, withDhcp, "dhcp" + hostId + "-" + networkId);
        setAddresses(bridge, dhcpPort, all);
        List<Port> onNetwork = ports.forNetwork(networkId);
        Set<String> wanted = new LinkedHashSet<>();
        onNetwork.stream().filter(Port::usedByServer).forEach(port -> wanted.add(LinkNames.tap(port.id())));
        List<String> present = linkNames("master", bridge);
        for (String tap : present) {
            if (tap.startsWith("tap") && !wanted.contains(tap)) {
                namespace.ip("link", "delete", tap);
            }
        }
        for (String tap : wanted) {
            if (!present.contains(tap)) {
                ensureTap(tap, bridge, network.mtu());
            }
        }
        if (dhcpPort.isPresent()) {
            dhcp.apply(new DhcpConfig(network, all, onNetwork, dhcpPort.get(), bootRoots(onNetwork)));
            Map<String, Path> sockets = new TreeMap<>();
            onNetwork.stream().filter(Port::usedByServer).forEach(port -> port.fixedIps().forEach(ip ->
                    sockets.put(ip.address().toString(), metadataSocket.apply(port.deviceId()))));
            new MetadataProxy(namespace, dhcp.directory(), bridge).apply(sockets);
        } else {
            removeServices(dhcp.directory());
        }
    }

    /** The TFTP directory of each port whose boot file stays inside it (checked again now, as at a user-mode boot). */
    private Map<String, Path> bootRoots(List<Port> onNetwork) {
        Map<String, Path> roots = new TreeMap<>();
        for (Port port : onNetwork) {
            if (port.bootFile().isPresent() && !TftpRoots.isUrl(port.bootFile().get()) && !port.fixedIps().isEmpty()) {
                tftpRoots.resolved(port.fixedIps().get(0).subnetId(), port.bootFile().get())
                        .ifPresent(root -> roots.put(port.id(), root));
            }
        }
        return roots;
    }

    /** Stops a network's metadata proxy and DHCP server and removes their files. */
    private void removeServices(Path directory) {
        String networkId = directory.getFileName().toString();
        new MetadataProxy(namespace, directory, LinkNames.bridge(networkId)).remove();
        new DhcpServer(namespace, directory).remove();
    }

    private void ensureBridge(String bridge, int mtu) {
        if (namespace.tryIp("link", "show", "dev", bridge).exitCode() != 0) {
            namespace.ip("link", "add", bridge, "type", "bridge", "forward_delay", "0", "stp_state", "0");
        }
        namespace.ip("link", "set", bridge, "mtu", Integer.toString(mtu), "up");
    }

    /** A persistent tap for QEMU to open by name, on the bridge, up. One left from before is taken as it is. */
    private void ensureTap(String tap, String bridge, int mtu) {
        if (namespace.tryIp("link", "show", "dev", tap).exitCode() != 0) {
            namespace.ip("tuntap", "add", "dev", tap, "mode", "tap");
        }
        namespace.ip("link", "set", tap, "mtu", Integer.toString(mtu), "master", bridge, "up");
    }

    /** The bridge carries the DHCP port's MAC and addresses, as the DHCP agent's interface does in Neutron. */
    private void setAddresses(String bridge, Optional<Port> dhcpPort, List<Subnet> all) {
        Set<String> wanted = new HashSet<>();
        if (dhcpPort.isPresent()) {
            // The metadata proxy's address, on every network's bridge (guests reach it on-link or by the DHCP route).
            wanted.add(Ipam.METADATA_ADDRESS + "/32");
            namespace.ip("link", "set", bridge, "address", dhcpPort.get().macAddress());
            for (FixedIp ip : dhcpPort.get().fixedIps()) {
                all.stream().filter(subnet -> subnet.id().equals(ip.subnetId())).findFirst().ifPresent(subnet ->
                        wanted.add(ip.address() + "/" + subnet.cidr().prefixLength()));
            }
        }
        namespace.setAddresses(bridge, wanted);
    }

    private void removeBridge(String bridge) {
        if (namespace.tryIp("link", "show", "dev", bridge).exitCode() != 0) {
            return;
        }
        for (String tap : linkNames("master", bridge)) {
            namespace.tryIp("link", "delete", tap);
        }
        namespace.ip("link", "delete", bridge);
    }

    /** The names of the namespace's links that match {@code ip link show} filters, such as {@code master BRIDGE}. */
    private List<String> linkNames(String... filter) {
        if (!namespace.exists()) {
            return List.of();
        }
        List<String> arguments = new ArrayList<>(List.of("-o", "link", "show"));
        arguments.addAll(List.of(filter));
        return PortLinks.parse(namespace.ip(arguments.toArray(String[]::new))).keySet().stream().toList();
    }

    private List<Path> dhcpDirectories() {
        if (!Files.isDirectory(dhcpDirectory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dhcpDirectory)) {
            return children.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The agents whose work this data plane does, as Neutron lists them: the Linux-bridge agent (bridges and taps),
     * the DHCP agent (a dnsmasq per network) and the metadata agent (a proxy per network). Ids are derived from the
     * namespace, so they stay the same across restarts.
     */
    public List<Agent> agents() {
        String host = hostName();
        List<Path> directories = dhcpDirectories();
        long dhcpRunning = directories.stream().filter(directory -> new DhcpServer(namespace, directory).process()
                .isPresent()).count();
        long proxiesRunning = directories.stream().filter(directory -> new MetadataProxy(namespace, directory,
                LinkNames.bridge(directory.getFileName().toString())).process().isPresent()).count();
        List<Subnet> withDhcp = subnets.list().stream().filter(Subnet::enableDhcp).toList();
        List<Port> all = ports.listVisible(Optional.empty());
        long serverPorts = all.stream().filter(Port::usedByServer).count();
        Map<String, Object> bridgeConfiguration = new TreeMap<>(Map.of("devices", serverPorts,
                "interface_mappings", Map.of(), "bridge_mappings", Map.of(), "extensions", List.of(),
                "l2_population", false, "tunnel_types", List.of(), "namespace", namespace.name()));
        Map<String, Object> dhcpConfiguration = new TreeMap<>(Map.of(
                "dhcp_driver", "neutron.agent.linux.dhcp.Dnsmasq", "dhcp_lease_duration", DhcpConfig.LEASE_SECONDS,
                "log_agent_heartbeats", false, "networks", directories.size(), "subnets", withDhcp.size(),
                "ports", all.size()));
        Map<String, Object> metadataConfiguration = new TreeMap<>(Map.of("log_agent_heartbeats", false,
                "metadata_proxies", proxiesRunning, "nova_metadata_host", Ipam.METADATA_ADDRESS.toString()));
        return List.of(
                new Agent(agentId("linuxbridge"), "Linux bridge agent", "neutron-linuxbridge-agent", "N/A", host,
                        startedAt, null, started && namespace.exists(), bridgeConfiguration),
                new Agent(agentId("dhcp"), "DHCP agent", "neutron-dhcp-agent", "dhcp_agent", host, startedAt, "nova",
                        started && dhcpRunning == directories.size(), dhcpConfiguration),
                new Agent(agentId("metadata"), "Metadata agent", "neutron-metadata-agent", "N/A", host, startedAt,
                        null, started && proxiesRunning == directories.size(), metadataConfiguration));
    }

    private String agentId(String kind) {
        return UUID.nameUUIDFromBytes((namespace.name() + "/" + kind).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * Restarts a DHCP server that died, and notes which taps are up. Holds the same lock as every change, so that a
     * dnsmasq being restarted by one (its command line changed) is not taken for a dead one.
     */
    private synchronized void watch() {
        try {
            links.refresh();
            for (Path directory : dhcpDirectories()) {
                String networkId = directory.getFileName().toString();
                if (new DhcpServer(namespace, directory).process().isEmpty() || new MetadataProxy(namespace,
                        directory, LinkNames.bridge(networkId)).process().isEmpty()) {
                    LOG.warn("The DHCP server or metadata proxy of network {} is not running: starting it again",
                            networkId);
                    networkChanged(networkId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Watching the bridged networks failed: {}", e.toString());
        }
    }
}
