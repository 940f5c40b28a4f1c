package org.stackbox.network;

import org.jdbi.v3.core.Jdbi;
import org.stackbox.network.http.NetworkApi;
import org.stackbox.network.spi.Devices;
import org.stackbox.network.spi.Ports;
import org.stackbox.network.store.BootstrapRepository;
import org.stackbox.network.store.NetworkRepository;
import org.stackbox.network.store.PortRepository;
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
    private final ServerPorts serverPorts;
    private final DefaultNetwork defaultNetwork;
    private final NetworkApi api;

    /**
     * {@code devices} says which project a server belongs to, for ports bound to servers through the API;
     * {@code tftpRoots} are the subnets' TFTP directories, for servers that boot from the network.
     */
    public NetworkModule(Jdbi jdbi, NetworkConfig config, String networkUrl, Devices devices, TftpRoots tftpRoots) {
        requireNonNull(jdbi, "jdbi is null");
        Clock clock = Clock.systemUTC();
        NetworkRepository networkRepository = new NetworkRepository(jdbi);
        SubnetRepository subnetRepository = new SubnetRepository(jdbi);
        PortRepository portRepository = new PortRepository(jdbi);
        this.networks = new NetworkService(networkRepository, subnetRepository, portRepository, config, clock);
        this.ports = new PortService(networks, portRepository, config, devices, tftpRoots, clock);
        this.serverPorts = new ServerPorts(networks, ports, networkRepository, subnetRepository, tftpRoots);
        this.defaultNetwork = new DefaultNetwork(networks, new BootstrapRepository(jdbi), clock);
        this.api = new NetworkApi(networkUrl, networks, ports);
    }

    public NetworkApi api() { return api; }

    /** What the compute service uses. */
    public Ports ports() { return serverPorts; }

    public NetworkService networks() { return networks; }

    public PortService portService() { return ports; }

    /** Makes the default network, once. */
    public Optional<String> bootstrap(String adminProjectId) {
        return defaultNetwork.ensure(adminProjectId);
    }
}
