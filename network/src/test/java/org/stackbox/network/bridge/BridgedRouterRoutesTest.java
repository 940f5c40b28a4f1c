package org.stackbox.network.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.database.Database;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.NetworkConfig;
import org.stackbox.network.NetworkModule;
import org.stackbox.network.RouterCommands.InterfaceRequest;
import org.stackbox.network.RouterCommands.NewRouter;
import org.stackbox.network.RouterCommands.RouterChanges;
import org.stackbox.network.RouterService;
import org.stackbox.network.TftpRoots;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Router;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.store.NetworkRepository;
import org.stackbox.network.store.SubnetRepository;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A router's extra routes for real: the bridged mode's router sync ({@link BridgedRouters}) on a router made through
 * the network service on SQLite, with a cloud namespace made here (holding the network's bridge) and the router's
 * namespace the sync makes; the routes are read back with {@code ip netns exec NS ip route}. Every device and address
 * stays in those namespaces, which the test deletes. Needs root (namespaces, nftables).
 */
@Timeout(120)
class BridgedRouterRoutesTest {
    private static final Caller MEMBER = new Caller("user-alice", "alice", "default", "project-a", "project-a", null,
            Set.of("member", "reader"), Instant.MAX);

    @TempDir
    Path directory;

    private Database database;
    private NetworkModule module;
    private NetworkNamespace cloud;
    private BridgedRouters bridged;
    private Router router;

    @BeforeEach
    void open() {
        assumeTrue(ProcessHandle.current().info().user().filter("root"::equals).isPresent(),
                "needs root: it makes network namespaces, veth pairs, bridges and nftables rulesets");
        database = new Database(DatabaseUrl.sqlite(directory.resolve("stackbox.db")));
        database.migrate("network");
        module = new NetworkModule(database.jdbi(), NetworkConfig.defaults(), "http://127.0.0.1/network",
                (deviceId, projectId) -> false, new TftpRoots(directory.resolve("tftp")));
        cloud = new NetworkNamespace("sbxr" + UUID.randomUUID().toString().substring(0, 6));
        cloud.create();
        bridged = new BridgedRouters(cloud, module.routers(), module.floatingIps(),
                new NetworkRepository(database.jdbi()), new SubnetRepository(database.jdbi()));

        Network network = module.networks().createNetwork(MEMBER, new NewNetwork(Optional.empty(), "lab", "", true,
                false, false, Optional.empty()));
        Subnet subnet = module.networks().createSubnet(MEMBER, new NewSubnet(Optional.empty(), network.id(), "", "",
                Ipv4Cidr.parse("10.71.0.0/24"), Optional.empty(), false, Optional.empty(), List.of(), List.of()));
        cloud.ip("link", "add", LinkNames.bridge(network.id()), "type", "bridge");
        cloud.ip("link", "set", LinkNames.bridge(network.id()), "up");
        router = module.routers().createRouter(MEMBER, new NewRouter(Optional.empty(), "r", "", true,
                Optional.empty()));
        module.routers().addInterface(MEMBER, router.id(), new InterfaceRequest(Optional.of(subnet.id()),
                Optional.empty()));
    }

    @AfterEach
    void close() {
        if (bridged != null) {
            bridged.remove();
        }
        if (cloud != null) {
            cloud.delete();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aRoutersRoutesAppearInItsNamespaceAndGoWhenRemoved() throws Exception {
        RouterService routers = module.routers();
        setRoutes(new HostRoute("10.72.0.0/24", "10.71.0.5"), new HostRoute("192.0.2.9/32", "10.71.0.6"));
        bridged.sync();
        assertThat(routes()).contains("10.72.0.0/24 via 10.71.0.5", "192.0.2.9 via 10.71.0.6")
                .contains("10.71.0.0/24 dev qr-");
        assertThat(staticRoutes()).hasSize(2);

        // Another nexthop for the same destination makes one multipath route; the host route goes.
        routers.removeExtraRoutes(MEMBER, router.id(), List.of(new HostRoute("192.0.2.9/32", "10.71.0.6")));
        routers.addExtraRoutes(MEMBER, router.id(), List.of(new HostRoute("10.72.0.0/24", "10.71.0.8")));
        bridged.sync();
        assertThat(staticRoutes()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("10.72.0.0/24").contains("nexthop via 10.71.0.5").contains("nexthop via 10.71.0.8"));
        assertThat(routes()).doesNotContain("192.0.2.9");

        setRoutes(new HostRoute("10.73.0.0/16", "10.71.0.9"));
        bridged.sync();
        assertThat(staticRoutes()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("10.73.0.0/16 via 10.71.0.9"));

        setRoutes();
        bridged.sync();
        assertThat(staticRoutes()).isEmpty();
        assertThat(routes()).doesNotContain("via").contains("10.71.0.0/24 dev qr-");
    }

    private void setRoutes(HostRoute... routes) {
        module.routers().updateRouter(MEMBER, router.id(), new RouterChanges(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(List.of(routes))));
    }

    /** What {@code ip route} shows in the router's namespace. */
    private String routes() {
        return HostCommand.run(List.of("ip", "netns", "exec", cloud.forRouter(router.id()).name(), "ip", "route"));
    }

    private List<String> staticRoutes() {
        return HostCommand.run(List.of("ip", "netns", "exec", cloud.forRouter(router.id()).name(), "ip", "-4", "-o",
                "route", "show", "proto", "static")).lines().filter(line -> !line.isBlank()).toList();
    }
}
