package org.stackbox.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.RouterCommands.GatewayRequest;
import org.stackbox.network.RouterCommands.InterfaceRequest;
import org.stackbox.network.RouterCommands.NewRouter;
import org.stackbox.network.RouterCommands.RouterChanges;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Router;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronFault;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.network.NetworkFixture.ADMIN;
import static org.stackbox.network.NetworkFixture.assertFault;
import static org.stackbox.network.NetworkFixture.MEMBER;
import static org.stackbox.network.NetworkFixture.OTHER;

/**
 * A router's extra routes (Neutron's {@code extraroute} and {@code extraroute-atomic}) with Neutron's rules and
 * messages, on a real SQLite database: a router joining 10.0.0.0/24 and 10.1.0.0/24 with a gateway on 172.24.4.0/24.
 */
@Timeout(60)
class ExtraRouteTest {
    @TempDir
    Path directory;

    private NetworkFixture fixture;
    private RouterService routers;
    private Router router;
    private Subnet first;
    private Subnet second;

    @BeforeEach
    void open() {
        fixture = openDatabase();
        routers = fixture.module.routers();
        Network external = fixture.networks().createNetwork(ADMIN, new NewNetwork(Optional.empty(), "public", "",
                true, false, true, Optional.empty()));
        fixture.subnet(ADMIN, external, "172.24.4.0/24");
        first = fixture.subnet(MEMBER, network("first"), "10.0.0.0/24");
        second = fixture.subnet(MEMBER, network("second"), "10.1.0.0/24");
        router = routers.createRouter(MEMBER, new NewRouter(Optional.empty(), "r", "", true,
                Optional.of(new GatewayRequest(external.id(), Optional.empty(), Optional.empty()))));
        routers.addInterface(MEMBER, router.id(), bySubnet(first));
        routers.addInterface(MEMBER, router.id(), bySubnet(second));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void routesAreSetReplacedAndClearedAndKeptAcrossAReopenOfTheDatabase() {
        assertThat(routers.getRouter(MEMBER, router.id()).routes()).isEmpty();
        Router routed = setRoutes(route("10.2.0.0/24", "10.0.0.5"));
        assertThat(routed.routes()).containsExactly(route("10.2.0.0/24", "10.0.0.5"));
        assertThat(routed.revision()).isGreaterThan(router.revision());

        List<HostRoute> replacement = List.of(route("10.3.0.0/16", "10.1.0.7"), route("10.2.0.0/24", "10.0.0.6"),
                route("0.0.0.0/0", "172.24.4.1"), route("192.0.2.9/32", "10.0.0.6"));
        assertThat(setRoutes(replacement.toArray(HostRoute[]::new)).routes()).isEqualTo(replacement);
        // A name alone keeps the routes.
        Router renamed = routers.updateRouter(MEMBER, router.id(), new RouterChanges(Optional.of("renamed"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(renamed.routes()).isEqualTo(replacement);

        fixture.close();
        fixture = openDatabase();
        routers = fixture.module.routers();
        assertThat(routers.getRouter(MEMBER, router.id()).routes()).isEqualTo(replacement);
        assertThat(routers.listRouters(MEMBER)).singleElement()
                .satisfies(listed -> assertThat(listed.routes()).isEqualTo(replacement));

        assertThat(setRoutes().routes()).isEmpty();
        assertThat(routers.getRouter(MEMBER, router.id()).routes()).isEmpty();
    }

    @Test
    void addAndRemoveMergeIntoTheRoutesTheRouterHas() {
        setRoutes(route("10.2.0.0/24", "10.0.0.5"));
        Router added = routers.addExtraRoutes(MEMBER, router.id(), List.of(route("10.2.0.0/24", "10.0.0.5"),
                route("10.3.0.0/24", "10.1.0.5"), route("10.2.0.0/24", "10.0.0.6"), route("10.3.0.0/24", "10.1.0.5")));
        assertThat(added.routes()).containsExactly(route("10.2.0.0/24", "10.0.0.5"), route("10.2.0.0/24", "10.0.0.6"),
                route("10.3.0.0/24", "10.1.0.5"));
        assertThat(added.revision()).isGreaterThan(router.revision());

        // Removing a route the router does not have is no error.
        Router removed = routers.removeExtraRoutes(MEMBER, router.id(), List.of(route("10.2.0.0/24", "10.0.0.5"),
                route("10.9.0.0/24", "10.0.0.9")));
        assertThat(removed.routes()).containsExactly(route("10.2.0.0/24", "10.0.0.6"), route("10.3.0.0/24",
                "10.1.0.5"));
        assertThat(routers.getRouter(MEMBER, router.id()).routes()).isEqualTo(removed.routes());
        assertThat(routers.removeExtraRoutes(ADMIN, router.id(), removed.routes()).routes()).isEmpty();

        assertFault(() -> routers.addExtraRoutes(OTHER, router.id(), List.of(route("10.2.0.0/24", "10.0.0.5"))),
                NeutronFault.ROUTER_NOT_FOUND, "Router %s could not be found".formatted(router.id()));
        assertFault(() -> routers.removeExtraRoutes(OTHER, router.id(), List.of()), NeutronFault.ROUTER_NOT_FOUND,
                "Router %s could not be found".formatted(router.id()));
    }

    @Test
    void malformedRoutesAreRefusedWithNeutronsWords() {
        assertInvalid("'10.2.0.0' is not a valid CIDR", route("10.2.0.0", "10.0.0.5"));
        assertInvalid("'10.2.0.1/24' is not a valid CIDR", route("10.2.0.1/24", "10.0.0.5"));
        assertInvalid("'10.2.0.0/33' is not a valid CIDR", route("10.2.0.0/33", "10.0.0.5"));
        assertInvalid("'127.0.0.0/8' is not a routable CIDR", route("127.0.0.0/8", "10.0.0.5"));
        assertInvalid("'10.0.0.300' is not a valid IP address", route("10.2.0.0/24", "10.0.0.300"));
        assertInvalid("'010.0.0.5' is not a valid IP address", route("10.2.0.0/24", "010.0.0.5"));
        assertInvalid("Duplicate hostroute '{'destination': '10.2.0.0/24', 'nexthop': '10.0.0.5'}'",
                route("10.2.0.0/24", "10.0.0.5"), route("10.3.0.0/24", "10.0.0.5"), route("10.2.0.0/24", "10.0.0.5"));
        assertFault(() -> routers.addExtraRoutes(MEMBER, router.id(), List.of(route("nowhere", "10.0.0.5"))),
                NeutronFault.BAD_REQUEST, "Invalid input for routes. Reason: 'nowhere' is not a valid CIDR.");
        assertThat(routers.getRouter(MEMBER, router.id()).routes()).isEmpty();
    }

    @Test
    void aNexthopMustBeOnASubnetOfTheRouterAndNotItsOwnAddress() {
        setRoutes(route("10.2.0.0/24", "10.0.0.5"));
        assertFault(() -> setRoutes(route("10.2.0.0/24", "10.0.0.5"), route("10.3.0.0/24", "10.7.0.5")),
                NeutronFault.INVALID_ROUTES, "Invalid format for routes: [{'destination': '10.2.0.0/24', 'nexthop': "
                        + "'10.0.0.5'}, {'destination': '10.3.0.0/24', 'nexthop': '10.7.0.5'}], the nexthop is not "
                        + "connected with router");
        assertFault(() -> setRoutes(route("10.3.0.0/24", "10.1.0.1")), NeutronFault.INVALID_ROUTES,
                "Invalid format for routes: [{'destination': '10.3.0.0/24', 'nexthop': '10.1.0.1'}], the nexthop is "
                        + "used by router");
        assertFault(() -> setRoutes(route("10.3.0.0/24", "172.24.4.2")), NeutronFault.INVALID_ROUTES,
                "the nexthop is used by router");
        assertFault(() -> routers.addExtraRoutes(MEMBER, router.id(), List.of(route("10.3.0.0/24", "10.7.0.5"))),
                NeutronFault.INVALID_ROUTES, "the nexthop is not connected with router");
        assertThat(routers.getRouter(MEMBER, router.id()).routes()).containsExactly(route("10.2.0.0/24",
                "10.0.0.5"));
    }

    @Test
    void aRouterHasAtMostThirtyRoutes() {
        List<HostRoute> thirty = new ArrayList<>();
        for (int index = 0; index < ExtraRoutes.MAX_ROUTES; index++) {
            thirty.add(route("10.100.%d.0/24".formatted(index), "10.0.0.5"));
        }
        assertThat(ExtraRoutes.MAX_ROUTES).isEqualTo(30);
        assertThat(setRoutes(thirty.toArray(HostRoute[]::new)).routes()).hasSize(30);
        String exhausted = "Unable to complete operation for %s. The number of routes exceeds the maximum 30."
                .formatted(router.id());
        assertFault(() -> routers.addExtraRoutes(MEMBER, router.id(), List.of(route("10.101.0.0/24", "10.0.0.5"))),
                NeutronFault.ROUTES_EXHAUSTED, exhausted);
        List<HostRoute> thirtyOne = new ArrayList<>(thirty);
        thirtyOne.add(route("10.101.0.0/24", "10.0.0.5"));
        assertFault(() -> setRoutes(thirtyOne.toArray(HostRoute[]::new)), NeutronFault.ROUTES_EXHAUSTED, exhausted);
        // What it has already, added again, is no new route.
        assertThat(routers.addExtraRoutes(MEMBER, router.id(), thirty.subList(0, 3)).routes()).isEqualTo(thirty);
    }

    @Test
    void anInterfaceARoutesNexthopNeedsIsNotRemoved() {
        setRoutes(route("10.2.0.0/24", "10.0.0.5"));
        assertFault(() -> routers.removeInterface(MEMBER, router.id(), bySubnet(first)),
                NeutronFault.ROUTER_INTERFACE_IN_USE_BY_ROUTE, ("Router interface for subnet %s on router %s cannot "
                        + "be deleted, as it is required by one or more routes.").formatted(first.id(), router.id()));
        assertThat(routers.interfacesOf(router.id())).hasSize(2);
        String portId = routers.interfacesOf(router.id()).stream()
                .filter(port -> port.fixedIps().get(0).subnetId().equals(first.id())).findFirst().orElseThrow().id();
        assertFault(() -> routers.removeInterface(MEMBER, router.id(), new InterfaceRequest(Optional.empty(),
                Optional.of(portId))), NeutronFault.ROUTER_INTERFACE_IN_USE_BY_ROUTE, "as it is required by one or "
                + "more routes.");

        routers.removeInterface(MEMBER, router.id(), bySubnet(second));
        routers.removeExtraRoutes(MEMBER, router.id(), List.of(route("10.2.0.0/24", "10.0.0.5")));
        routers.removeInterface(MEMBER, router.id(), bySubnet(first));
        assertThat(routers.interfacesOf(router.id())).isEmpty();
        // With no interface on its subnet, the nexthop is not connected any more.
        assertFault(() -> setRoutes(route("10.2.0.0/24", "10.0.0.5")), NeutronFault.INVALID_ROUTES,
                "the nexthop is not connected with router");
    }

    private Router setRoutes(HostRoute... routes) {
        return routers.updateRouter(MEMBER, router.id(), new RouterChanges(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(List.of(routes))));
    }

    private void assertInvalid(String reason, HostRoute... routes) {
        assertFault(() -> setRoutes(routes), NeutronFault.BAD_REQUEST,
                "Invalid input for routes. Reason: " + reason + ".");
    }

    private NetworkFixture openDatabase() {
        return new NetworkFixture(DatabaseUrl.sqlite(directory.resolve("stackbox.db")), NetworkConfig.defaults());
    }

    private static HostRoute route(String destination, String nexthop) {
        return new HostRoute(destination, nexthop);
    }

    private static InterfaceRequest bySubnet(Subnet subnet) {
        return new InterfaceRequest(Optional.of(subnet.id()), Optional.empty());
    }

    private Network network(String name) {
        return fixture.networks().createNetwork(MEMBER, new NewNetwork(Optional.empty(), name, "", true, false, false,
                Optional.empty()));
    }
}
