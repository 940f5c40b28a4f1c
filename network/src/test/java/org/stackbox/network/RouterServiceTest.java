package org.stackbox.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkCommands.NetworkChanges;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewPort;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.RouterCommands.FloatingIpChanges;
import org.stackbox.network.RouterCommands.GatewayRequest;
import org.stackbox.network.RouterCommands.InterfaceRequest;
import org.stackbox.network.RouterCommands.NewFloatingIp;
import org.stackbox.network.RouterCommands.NewRouter;
import org.stackbox.network.RouterCommands.RouterChanges;
import org.stackbox.network.RouterCommands.RouterInterface;
import org.stackbox.network.model.FloatingIp;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Router;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronFault;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.network.NetworkFixture.ADMIN;
import static org.stackbox.network.NetworkFixture.assertFault;
import static org.stackbox.network.NetworkFixture.MEMBER;
import static org.stackbox.network.NetworkFixture.OTHER;

/** Routers and floating IPs with Neutron's rules and messages, on a real SQLite database. */
@Timeout(60)
class RouterServiceTest {
    @TempDir
    Path directory;

    private NetworkFixture fixture;
    private RouterService routers;
    private FloatingIpService floatingIps;
    private Network external;

    @BeforeEach
    void open() {
        fixture = new NetworkFixture(DatabaseUrl.sqlite(directory.resolve("stackbox.db")), NetworkConfig.defaults());
        routers = fixture.module.routers();
        floatingIps = fixture.module.floatingIps();
        external = fixture.networks().createNetwork(ADMIN, new NewNetwork(Optional.empty(), "public", "", true, false,
                true, Optional.empty()));
        fixture.subnet(ADMIN, external, "172.24.4.0/24");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anInterfaceHoldsItsSubnetsGatewayAndTheGatewayAnAddressOfTheExternalNetwork() {
        Network network = network(MEMBER, "private");
        Subnet subnet = fixture.subnet(MEMBER, network, "10.0.0.0/24");
        Router router = routers.createRouter(MEMBER, new NewRouter(Optional.empty(), "r", "", true,
                Optional.of(new GatewayRequest(external.id(), Optional.empty(), Optional.empty()))));
        assertThat(router.gateway()).contains(new Router.Gateway(external.id(), true));
        Port gateway = routers.gatewayPort(router.id()).orElseThrow();
        assertThat(gateway.deviceOwner()).isEqualTo("network:router_gateway");
        assertThat(gateway.fixedIps()).singleElement().satisfies(ip ->
                assertThat(ip.address()).isEqualTo(Ipv4Address.parse("172.24.4.2")));

        RouterInterface joined = routers.addInterface(MEMBER, router.id(), bySubnet(subnet));
        Port port = fixture.ports().getPort(MEMBER, joined.portId());
        assertThat(port.deviceOwner()).isEqualTo("network:router_interface");
        assertThat(port.deviceId()).isEqualTo(router.id());
        assertThat(port.fixedIps()).singleElement().satisfies(ip ->
                assertThat(ip.address()).isEqualTo(Ipv4Address.parse("10.0.0.1")));
        assertThat(joined.subnetIds()).containsExactly(subnet.id());

        assertFault(() -> routers.addInterface(MEMBER, router.id(), bySubnet(subnet)), NeutronFault.BAD_REQUEST,
                "Bad router request: Router already has a port on subnet " + subnet.id() + ".");
        Subnet overlapping = fixture.subnet(MEMBER, network(MEMBER, "other"), "10.0.0.128/25");
        assertFault(() -> routers.addInterface(MEMBER, router.id(), bySubnet(overlapping)), NeutronFault.BAD_REQUEST,
                "Bad router request: Cidr 10.0.0.128/25 of subnet %s overlaps with cidr 10.0.0.0/24 of subnet %s."
                        .formatted(overlapping.id(), subnet.id()));
        assertFault(() -> routers.deleteRouter(MEMBER, router.id()), NeutronFault.ROUTER_IN_USE,
                "Router " + router.id() + " still has ports");
        assertFault(() -> fixture.networks().deleteSubnet(MEMBER, subnet.id()), NeutronFault.SUBNET_IN_USE,
                "One or more ports have an IP allocation from this subnet.");
        assertFault(() -> fixture.networks().deleteNetwork(MEMBER, network.id()), NeutronFault.NETWORK_IN_USE,
                "There are one or more ports still in use on the network.");
        assertFault(() -> fixture.ports().deletePort(MEMBER, port.id()), NeutronFault.SERVICE_PORT_IN_USE,
                "cannot be deleted directly via the port API: has device owner network:router_interface.");

        routers.removeInterface(MEMBER, router.id(), bySubnet(subnet));
        assertFault(() -> routers.removeInterface(MEMBER, router.id(), bySubnet(subnet)),
                NeutronFault.ROUTER_INTERFACE_NOT_FOUND_FOR_SUBNET,
                "Router %s has no interface on subnet %s".formatted(router.id(), subnet.id()));
        routers.deleteRouter(MEMBER, router.id());
        assertThat(fixture.ports().listPorts(ADMIN)).isEmpty();
        fixture.networks().deleteNetwork(MEMBER, network.id());
    }

    @Test
    void aGatewayOnlyOnAnExternalNetworkAndAnotherProjectsRouterIsNotFound() {
        Network network = network(MEMBER, "private");
        fixture.subnet(MEMBER, network, "10.0.0.0/24");
        assertFault(() -> routers.createRouter(MEMBER, new NewRouter(Optional.empty(), "r", "", true,
                        Optional.of(new GatewayRequest(network.id(), Optional.empty(), Optional.empty())))),
                NeutronFault.BAD_REQUEST, "Bad router request: Network %s is not an external network."
                        .formatted(network.id()));
        assertThat(routers.listRouters(MEMBER)).isEmpty();
        Router router = routers.createRouter(MEMBER, new NewRouter(Optional.empty(), "r", "", true, Optional.empty()));
        Network theirs = network(OTHER, "theirs");
        assertFault(() -> routers.updateRouter(MEMBER, router.id(), gatewayTo(theirs.id(), Optional.empty())),
                NeutronFault.NETWORK_NOT_FOUND, "Network %s could not be found.".formatted(theirs.id()));
        assertFault(() -> routers.getRouter(OTHER, router.id()), NeutronFault.ROUTER_NOT_FOUND,
                "Router %s could not be found".formatted(router.id()));
        assertFault(() -> routers.addInterface(OTHER, router.id(), bySubnet(fixture.subnet(OTHER, theirs, "10.9.0.0/24"))),
                NeutronFault.ROUTER_NOT_FOUND, "Router %s could not be found".formatted(router.id()));
        Subnet theirSubnet = fixture.networks().listSubnets(OTHER).stream()
                .filter(subnet -> subnet.networkId().equals(theirs.id())).findFirst().orElseThrow();
        assertFault(() -> routers.addInterface(MEMBER, router.id(), bySubnet(theirSubnet)),
                NeutronFault.SUBNET_NOT_FOUND, "Subnet %s could not be found.".formatted(theirSubnet.id()));

        // Neutron's defaults keep SNAT to administrators.
        assertFault(() -> routers.updateRouter(MEMBER, router.id(), gatewayTo(external.id(), Optional.of(false))),
                NeutronFault.POLICY_NOT_AUTHORIZED,
                "rule:update_router:external_gateway_info:enable_snat is disallowed by policy");
        Router snatless = routers.updateRouter(ADMIN, router.id(), gatewayTo(external.id(), Optional.of(false)));
        assertThat(snatless.gateway()).contains(new Router.Gateway(external.id(), false));
        Router cleared = routers.updateRouter(MEMBER, router.id(), new RouterChanges(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(Optional.empty()), Optional.empty()));
        assertThat(cleared.gateway()).isEmpty();
        assertThat(routers.gatewayPort(router.id())).isEmpty();
    }

    @Test
    void aFloatingIpReachesAPortOnlyThroughARouterJoiningItsSubnetToTheExternalNetwork() {
        Network network = network(MEMBER, "private");
        Subnet subnet = fixture.subnet(MEMBER, network, "10.0.0.0/24");
        Port server = fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), network.id(), "vm", "", true,
                Optional.empty(), Optional.empty(), "", "", new SecurityRequest(Optional.empty(), Optional.empty(),
                Optional.empty())));
        Network internal = network(MEMBER, "not-external");
        fixture.subnet(MEMBER, internal, "10.5.0.0/24");
        assertFault(() -> floatingIps.create(MEMBER, floating(internal.id(), Optional.empty())),
                NeutronFault.BAD_REQUEST, "Bad floatingip request: Network %s is not a valid external network."
                        .formatted(internal.id()));

        FloatingIp floating = floatingIps.create(MEMBER, floating(external.id(), Optional.empty()));
        assertThat(floating.status()).isEqualTo("DOWN");
        assertThat(floating.floatingIpAddress()).isEqualTo(Ipv4Address.parse("172.24.4.2"));
        assertFault(() -> associate(floating, server), NeutronFault.EXTERNAL_GATEWAY_FOR_FLOATING_IP_NOT_FOUND,
                "External network %s is not reachable from subnet %s.  Therefore, cannot associate Port %s with a "
                        .formatted(external.id(), subnet.id(), server.id()));
        assertThat(floatingIps.get(MEMBER, floating.id()).association()).isEmpty();

        Router router = routers.createRouter(MEMBER, new NewRouter(Optional.empty(), "r", "", true, Optional.of(
                new GatewayRequest(external.id(), Optional.empty(), Optional.empty()))));
        routers.addInterface(MEMBER, router.id(), bySubnet(subnet));
        FloatingIp associated = associate(floating, server);
        assertThat(associated.association()).contains(new FloatingIp.Association(server.id(),
                server.fixedIps().get(0).address(), router.id()));
        assertThat(associated.status()).isEqualTo("ACTIVE");
        assertFault(() -> floatingIps.create(MEMBER, floating(external.id(), Optional.of(server.id()))),
                NeutronFault.FLOATING_IP_PORT_ALREADY_ASSOCIATED, "as that fixed IP already has a floating IP");
        assertThat(floatingIps.list(MEMBER)).hasSize(1);
        assertFault(() -> routers.removeInterface(MEMBER, router.id(), bySubnet(subnet)),
                NeutronFault.ROUTER_INTERFACE_IN_USE_BY_FLOATING_IP, "cannot be deleted, as it is required by one");
        assertFault(() -> routers.updateRouter(MEMBER, router.id(), new RouterChanges(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(Optional.empty()), Optional.empty())),
                NeutronFault.ROUTER_EXTERNAL_GATEWAY_IN_USE_BY_FLOATING_IP, "is required by one or more floating IPs.");
        assertFault(() -> floatingIps.get(OTHER, floating.id()), NeutronFault.FLOATING_IP_NOT_FOUND,
                "Floating IP %s could not be found".formatted(floating.id()));

        FloatingIp disassociated = floatingIps.update(MEMBER, floating.id(), new FloatingIpChanges(
                Optional.of(Optional.empty()), Optional.empty(), Optional.empty()));
        assertThat(disassociated.association()).isEmpty();
        associate(floating, server);
        // The port's deletion disassociates the floating IP, as Neutron's does.
        fixture.ports().deletePort(MEMBER, server.id());
        assertThat(floatingIps.get(MEMBER, floating.id()).association()).isEmpty();
        floatingIps.delete(MEMBER, floating.id());
        assertThat(fixture.ports().listPorts(ADMIN)).extracting(Port::deviceOwner)
                .doesNotContain(FloatingIp.PORT_OWNER);
        fixture.networks().updateNetwork(ADMIN, external.id(), new NetworkChanges(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void aPortTheUserMadeBecomesAnInterfaceAndGoesWithIt() {
        Network network = network(MEMBER, "private");
        fixture.subnet(MEMBER, network, "10.0.0.0/24");
        Router router = routers.createRouter(MEMBER, new NewRouter(Optional.empty(), "r", "", true, Optional.empty()));
        Port port = fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), network.id(), "p", "", true,
                Optional.empty(), Optional.empty(), "", "", new SecurityRequest(Optional.empty(), Optional.empty(),
                Optional.empty())));
        InterfaceRequest byPort = new InterfaceRequest(Optional.empty(), Optional.of(port.id()));
        assertFault(() -> routers.removeInterface(MEMBER, router.id(), byPort), NeutronFault.ROUTER_INTERFACE_NOT_FOUND,
                "Router %s does not have an interface with id %s".formatted(router.id(), port.id()));
        RouterInterface joined = routers.addInterface(MEMBER, router.id(), byPort);
        assertThat(joined.portId()).isEqualTo(port.id());
        assertThat(fixture.ports().getPort(MEMBER, port.id()).deviceOwner()).isEqualTo(Router.INTERFACE_OWNER);
        assertFault(() -> routers.addInterface(MEMBER, router.id(), byPort), NeutronFault.PORT_IN_USE,
                "Port already has an attached device " + router.id());
        routers.removeInterface(MEMBER, router.id(), byPort);
        assertThat(fixture.ports().listPorts(MEMBER)).extracting(Port::id).doesNotContain(port.id());
        routers.deleteRouter(MEMBER, router.id());
    }

    private FloatingIp associate(FloatingIp floating, Port port) {
        return floatingIps.update(MEMBER, floating.id(), new FloatingIpChanges(Optional.of(Optional.of(port.id())),
                Optional.empty(), Optional.empty()));
    }

    private static NewFloatingIp floating(String networkId, Optional<String> portId) {
        return new NewFloatingIp(Optional.empty(), networkId, Optional.empty(), Optional.empty(), portId,
                Optional.empty(), "");
    }

    private static RouterChanges gatewayTo(String networkId, Optional<Boolean> enableSnat) {
        return new RouterChanges(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Optional.of(new GatewayRequest(networkId, enableSnat, Optional.empty()))), Optional.empty());
    }

    private static InterfaceRequest bySubnet(Subnet subnet) {
        return new InterfaceRequest(Optional.of(subnet.id()), Optional.empty());
    }

    private Network network(Caller caller, String name) {
        return fixture.networks().createNetwork(caller, new NewNetwork(Optional.empty(), name, "", true, false, false,
                Optional.empty()));
    }
}
