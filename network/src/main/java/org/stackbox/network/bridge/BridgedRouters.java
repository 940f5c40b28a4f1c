package org.stackbox.network.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.FloatingIpService;
import org.stackbox.network.RouterService;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.FloatingIp;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Router;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.store.NetworkRepository;
import org.stackbox.network.store.SubnetRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What Neutron's L3 agent does, for the bridged mode: a namespace per router ({@link NetworkNamespace#forRouter}) with
 * forwarding on, an interface per subnet it joins (a veth pair: {@code qr-} in the router's namespace holding the
 * subnet's gateway address, {@code rtr} on the network's bridge), a gateway ({@code qg-}/{@code rtg} on the external
 * network's bridge) holding the gateway port's address and the router's floating IPs, a default route to the external
 * subnet's gateway, the router's extra routes ({@link StaticRoutes}), and {@link RouterNat}. Each external network's bridge reaches the host through a veth pair whose
 * host end ({@link LinkNames#hostExternal}) holds the external subnet's gateway address.
 * <p>Guests on two networks reach each other only through a router that joins both: the cloud's namespace does not
 * route, and its security-group rules still filter what a router's interface hands to a guest's tap.
 * {@link #sync} makes everything match the database, at start and after every change.
 */
final class BridgedRouters {
    private static final Logger LOG = LoggerFactory.getLogger(BridgedRouters.class);

    private final NetworkNamespace cloud;
    private final RouterService routers;
    private final FloatingIpService floatingIps;
    private final NetworkRepository networks;
    private final SubnetRepository subnets;

    BridgedRouters(NetworkNamespace cloud, RouterService routers, FloatingIpService floatingIps,
                   NetworkRepository networks, SubnetRepository subnets) {
        this.cloud = requireNonNull(cloud, "cloud is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.subnets = requireNonNull(subnets, "subnets is null");
    }

    /** The external networks' host links and every router, as the database has them; what no record owns goes. */
    void sync() {
        syncExternalLinks();
        Set<String> wanted = new HashSet<>();
        for (Router router : routers.allRouters()) {
            NetworkNamespace namespace = cloud.forRouter(router.id());
            wanted.add(namespace.name());
            try {
                syncRouter(router, namespace);
            } catch (RuntimeException e) {
                LOG.error("Cannot apply router {} in namespace {}: {}", router.id(), namespace.name(), e.getMessage());
            }
        }
        for (NetworkNamespace namespace : cloud.routerNamespaces()) {
            if (!wanted.contains(namespace.name())) {
                namespace.delete();
            }
        }
    }

    /** Removes every router's namespace (the host links go with the cloud's namespace). */
    void remove() {
        cloud.routerNamespaces().forEach(NetworkNamespace::delete);
    }

    private void syncExternalLinks() {
        Set<String> wanted = new HashSet<>();
        for (Network network : networks.listVisible(Optional.empty())) {
            if (!network.external()) {
                continue;
            }
            String peer = LinkNames.externalPeer(network.id());
            String host = LinkNames.hostExternal(cloud.name(), network.id());
            wanted.add(peer);
            if (cloud.tryIp("link", "show", "dev", peer).exitCode() != 0) {
                HostCommand.attempt(List.of("ip", "link", "delete", host));
                HostCommand.run(List.of("ip", "link", "add", host, "type", "veth", "peer", "name", peer, "netns",
                        cloud.name()));
            }
            cloud.ip("link", "set", peer, "master", LinkNames.bridge(network.id()), "up");
            HostCommand.run(List.of("ip", "link", "set", host, "up"));
            Set<String> addresses = new LinkedHashSet<>();
            for (Subnet subnet : subnets.forNetwork(network.id())) {
                if (subnet.gateway() != null) {
                    addresses.add(subnet.gateway() + "/" + subnet.cidr().prefixLength());
                }
            }
            LinkAddresses.set(List.of("ip"), host, addresses);
        }
        for (String link : cloud.ip("-o", "link", "show", "type", "veth").lines()
                .map(BridgedRouters::linkName).toList()) {
            if (link.startsWith("ext") && !wanted.contains(link)) {
                cloud.tryIp("link", "delete", link);
            }
        }
    }

    private void syncRouter(Router router, NetworkNamespace namespace) {
        namespace.create();
        HostCommand.run(namespace.inside(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1")));
        Set<String> devices = new HashSet<>();
        List<Ipv4Cidr> joined = new ArrayList<>();
        for (Port port : routers.interfacesOf(router.id())) {
            String device = LinkNames.routerInterface(port.id());
            devices.add(device);
            Set<String> addresses = new LinkedHashSet<>();
            for (FixedIp fixedIp : port.fixedIps()) {
                subnets.findById(fixedIp.subnetId()).ifPresent(subnet -> {
                    addresses.add(fixedIp.address() + "/" + subnet.cidr().prefixLength());
                    joined.add(subnet.cidr());
                });
            }
            plug(namespace, device, LinkNames.routerInterfacePeer(port.id()), port, addresses);
        }
        Optional<Port> gateway = router.gateway().flatMap(info -> routers.gatewayPort(router.id()));
        String gatewayDevice = gateway.map(port -> LinkNames.routerGateway(port.id())).orElse("qg-none");
        List<RouterNat.FloatingPair> floating = new ArrayList<>();
        if (gateway.isPresent()) {
            devices.add(gatewayDevice);
            Set<String> addresses = new LinkedHashSet<>();
            Optional<Ipv4Address> nextHop = Optional.empty();
            for (FixedIp fixedIp : gateway.get().fixedIps()) {
                Optional<Subnet> subnet = subnets.findById(fixedIp.subnetId());
                if (subnet.isPresent()) {
                    addresses.add(fixedIp.address() + "/" + subnet.get().cidr().prefixLength());
                    nextHop = nextHop.or(() -> Optional.ofNullable(subnet.get().gateway()));
                }
            }
            for (FloatingIp floatingIp : floatingIps.all()) {
                floatingIp.association().filter(association -> association.routerId().equals(router.id()))
                        .ifPresent(association -> {
                            addresses.add(floatingIp.floatingIpAddress() + "/32");
                            floating.add(new RouterNat.FloatingPair(floatingIp.floatingIpAddress(),
                                    association.fixedIpAddress()));
                        });
            }
            plug(namespace, gatewayDevice, LinkNames.routerGatewayPeer(gateway.get().id()), gateway.get(), addresses);
            if (nextHop.isPresent()) {
                namespace.ip("route", "replace", "default", "via", nextHop.get().toString(), "dev", gatewayDevice);
            }
        }
        for (String link : namespace.ip("-o", "link", "show", "type", "veth").lines()
                .map(BridgedRouters::linkName).toList()) {
            if (!devices.contains(link)) {
                namespace.tryIp("link", "delete", link);
            }
        }
        StaticRoutes.apply(namespace, router.routes());
        boolean snat = router.gateway().map(Router.Gateway::enableSnat).orElse(false);
        RouterNat nat = new RouterNat(gatewayDevice, gateway.flatMap(port -> port.fixedIps().stream().findFirst())
                .map(FixedIp::address), snat ? joined : List.of(), floating);
        applyNat(namespace, nat.script());
    }

    /** A veth pair: {@code device} in the router's namespace with the port's MAC and addresses, its peer on the bridge. */
    private void plug(NetworkNamespace namespace, String device, String peer, Port port, Set<String> addresses) {
        if (namespace.tryIp("link", "show", "dev", device).exitCode() != 0) {
            cloud.tryIp("link", "delete", peer);
            namespace.ip("link", "add", device, "type", "veth", "peer", "name", peer, "netns", cloud.name());
        }
        cloud.ip("link", "set", peer, "master", LinkNames.bridge(port.networkId()), "up");
        namespace.ip("link", "set", device, "address", port.macAddress(), "up");
        namespace.setAddresses(device, addresses);
    }

    private static void applyNat(NetworkNamespace namespace, String script) {
        try {
            Path file = Files.createTempFile("stackbox-router-nat", ".nft");
            try {
                Files.writeString(file, script);
                HostCommand.run(namespace.inside(List.of("nft", "-f", file.toString())));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name in a line of {@code ip -o link show}: "7: name@peer: <...>". */
    private static String linkName(String line) {
        String[] fields = line.split(":\\s*", 3);
        if (fields.length < 2) {
            return "";
        }
        String name = fields[1].trim();
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }
}
