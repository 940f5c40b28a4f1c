package org.stackbox.network;

import org.jdbi.v3.core.Jdbi;
import org.stackbox.network.bridge.BridgedHost;
import org.stackbox.network.bridge.BridgedNetworks;
import org.stackbox.network.firewall.SecurityGroupFirewall;
import org.stackbox.network.bridge.PortLinks;
import org.stackbox.network.http.NetworkApi;
import org.stackbox.network.spi.Devices;
import org.stackbox.network.spi.Ports;
import org.stackbox.network.store.BootstrapRepository;
import org.stackbox.network.store.NetworkRepository;
import org.stackbox.network.store.FloatingIpRepository;
import org.stackbox.network.store.PortRepository;
import org.stackbox.network.store.RouterRepository;
import org.stackbox.network.store.SecurityGroupRepository;
import org.stackbox.network.store.SubnetRepository;

import java.time.Clock;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The network service's parts, made from what the composition root hands over. {@link #bootstrap} runs after the
 * {@code network} migrations and identity's bootstrap (the default network belongs to the admin project).
 */
public final class NetworkModule {
    private final NetworkService networks;
    private final PortService ports;
    private final SecurityGroupService securityGroups;
    private final RouterService routers;
    private final FloatingIpService floatingIps;
    private final ServerPorts serverPorts;
    private final DefaultNetwork defaultNetwork;
    private final NetworkApi api;
    private final Optional<BridgedNetworks> bridged;

    /**
     * {@code devices} says which project a server belongs to, for ports bound to servers through the API;
     * {@code tftpRoots} are the subnets' TFTP directories, for servers that boot from the network.
     */
    public NetworkModule(Jdbi jdbi, NetworkConfig config, String networkUrl, Devices devices, TftpRoots tftpRoots) {
        this(jdbi, config, networkUrl, devices, tftpRoots, Optional.empty());
    }

    /**
     * With {@code bridgedHost}, the bridged mode: guests' cards are taps on a bridge per network in that host's
     * namespace, with DHCP; without, each card is a user-mode network of its own.
     */
    public NetworkModule(Jdbi jdbi, NetworkConfig config, String networkUrl, Devices devices, TftpRoots tftpRoots,
                         Optional<BridgedHost> bridgedHost) {
        requireNonNull(jdbi, "jdbi is null");
        Clock clock = Clock.systemUTC();
        NetworkRepository networkRepository = new NetworkRepository(jdbi);
        SubnetRepository subnetRepository = new SubnetRepository(jdbi);
        PortRepository portRepository = new PortRepository(jdbi);
        FloatingIpRepository floatingIpRepository = new FloatingIpRepository(jdbi);
        this.securityGroups = new SecurityGroupService(new SecurityGroupRepository(jdbi), portRepository, clock);
        this.networks = new NetworkService(networkRepository, subnetRepository, portRepository, securityGroups, config,
                clock);
        Optional<PortLinks> links = bridgedHost.map(host -> new PortLinks(host.namespace()));
        this.ports = new PortService(networks, portRepository, securityGroups, config, devices, tftpRoots, clock, links);
        this.serverPorts = new ServerPorts(networks, ports, networkRepository, subnetRepository, securityGroups,
                tftpRoots, bridgedHost.isPresent());
        this.routers = new RouterService(new RouterRepository(jdbi), floatingIpRepository, networks, ports,
                portRepository, subnetRepository, clock);
        this.floatingIps = new FloatingIpService(floatingIpRepository, networks, ports, routers, clock);
        this.bridged = bridgedHost.map(host -> new BridgedNetworks(host.namespace(), host.dhcpDirectory(),
                host.metadataSocket(), networkRepository, subnetRepository, portRepository, ports, links.orElseThrow(),
                new SecurityGroupFirewall(securityGroups), tftpRoots, routers, floatingIps));
        bridged.ifPresent(networks::addListener);
        bridged.ifPresent(plane -> securityGroups.addRuleListener(plane::securityGroupChanged));
        bridged.ifPresent(plane -> routers.addListener(plane::routersChanged));
        this.defaultNetwork = new DefaultNetwork(networks, new BootstrapRepository(jdbi), clock);
        this.api = new NetworkApi(networkUrl, networks, ports, securityGroups, routers, floatingIps,
                () -> bridged.map(BridgedNetworks::agents).orElse(java.util.List.of()));
    }

    public NetworkApi api() { return api; }

    /** What the compute service uses. */
    public Ports ports() { return serverPorts; }

    public NetworkService networks() { return networks; }

    public PortService portService() { return ports; }

    public SecurityGroupService securityGroups() { return securityGroups; }

    public RouterService routers() { return routers; }

    public FloatingIpService floatingIps() { return floatingIps; }

    /** Makes the default network, once; then, in the bridged mode, builds the data plane from the database. */
    public Optional<String> bootstrap(String adminProjectId) {
        Optional<String> made = defaultNetwork.ensure(adminProjectId);
        bridged.ifPresent(BridgedNetworks::start);
        return made;
    }

    /** The bridged data plane, in the bridged mode. */
    public Optional<BridgedNetworks> bridged() {
        return bridged;
    }

    /** Stops the data plane (see {@link BridgedNetworks#close}). */
    public void close() {
        bridged.ifPresent(BridgedNetworks::close);
    }
}
