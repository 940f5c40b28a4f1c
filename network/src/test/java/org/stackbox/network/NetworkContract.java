package org.stackbox.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewPort;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.NetworkCommands.PortChanges;
import org.stackbox.network.NetworkCommands.RequestedIp;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.network.spi.PortRequest;
import org.stackbox.network.spi.ServerPort;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.network.NetworkFixture.ADMIN;
import static org.stackbox.network.NetworkFixture.MEMBER;
import static org.stackbox.network.NetworkFixture.OTHER;

/**
 * The network service's rules on a real database: the same suite runs on SQLite and on PostgreSQL, so that IPAM's
 * keys and the repositories' SQL hold on both.
 */
@Timeout(60)
abstract class NetworkContract {
    private NetworkFixture fixture;

    /** A database with no network tables yet. */
    abstract DatabaseUrl emptyDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        fixture = new NetworkFixture(emptyDatabase(), new NetworkConfig("127.0.0.1", 47810, 47812, 1500));
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theDefaultNetworkIsMadeOnceSharedAndUsableByEveryProject() {
        String id = fixture.module.bootstrap(ADMIN.projectId()).orElseThrow();
        assertThat(fixture.module.bootstrap(ADMIN.projectId())).isEmpty();
        Network network = fixture.networks().getNetwork(OTHER, id);
        assertThat(network.name()).isEqualTo("private");
        assertThat(network.shared()).isTrue();
        assertThat(fixture.networks().listSubnets(OTHER)).singleElement()
                .satisfies(subnet -> assertThat(subnet.cidr()).hasToString("169.254.169.0/24"));
        assertThat(fixture.module.ports().availableNetworks(MEMBER)).extracting(summary -> summary.name())
                .containsExactly("private");
        assertFault(() -> fixture.networks().deleteNetwork(OTHER, id), NeutronFault.POLICY_NOT_AUTHORIZED,
                "rule:delete_network is disallowed by policy");

        fixture.networks().deleteNetwork(ADMIN, id);
        assertThat(fixture.module.bootstrap(ADMIN.projectId())).as("an operator's deletion sticks").isEmpty();
        assertThat(fixture.networks().listNetworks(ADMIN)).isEmpty();
    }

    @Test
    void portsGetTheLowestFreeAddressesAndNeutronsMacAddresses() {
        Network network = network(MEMBER, "net", false);
        Subnet subnet = subnet(MEMBER, network, "192.168.10.0/24");
        List<Port> ports = new ArrayList<>();
        for (int index = 0; index < 3; index++) {
            ports.add(port(MEMBER, network, Optional.empty()));
        }
        assertThat(ports).extracting(port -> port.fixedIps().get(0).address().toString())
                .containsExactly("192.168.10.2", "192.168.10.3", "192.168.10.4");
        assertThat(ports).allSatisfy(port -> assertThat(port.macAddress()).matches("fa:16:3e(:[0-9a-f]{2}){3}"));
        fixture.ports().deletePort(MEMBER, ports.get(1).id());
        assertThat(port(MEMBER, network, Optional.empty()).fixedIps().get(0).address()).hasToString("192.168.10.3");

        assertFault(() -> port(MEMBER, network, Optional.of("192.168.10.4")), NeutronFault.IP_ADDRESS_ALREADY_ALLOCATED,
                "IP address 192.168.10.4 already allocated in subnet " + subnet.id());
        assertFault(() -> port(MEMBER, network, Optional.of("10.9.9.9")), NeutronFault.INVALID_IP_FOR_NETWORK,
                "IP address 10.9.9.9 is not a valid IP for any of the subnets on the specified network.");
        assertFault(() -> port(MEMBER, network, Optional.of("192.168.10.1")), NeutronFault.INVALID_IP_FOR_SUBNET,
                "IP address 192.168.10.1 is not a valid IP for the specified subnet.");
        assertThat(port(MEMBER, network, Optional.of("192.168.10.200")).fixedIps().get(0).address())
                .hasToString("192.168.10.200");
        assertFault(() -> fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), network.id(), "", "", true,
                        Optional.of(ports.get(0).macAddress()), Optional.empty(), "", "", SecurityRequest.UNSPECIFIED)), NeutronFault.MAC_ADDRESS_IN_USE,
                "The mac address " + ports.get(0).macAddress() + " is in use.");
    }

    @Test
    void aFullSubnetHasNoMoreAddresses() {
        Network network = network(MEMBER, "small", false);
        fixture.networks().createSubnet(MEMBER, new NewSubnet(Optional.empty(), network.id(), "", "",
                Ipv4Cidr.parse("10.1.0.0/24"), Optional.empty(), true, Optional.of(List.of(new AllocationPool(
                Ipv4Address.parse("10.1.0.10"), Ipv4Address.parse("10.1.0.11")))), List.of(), List.of()));
        port(MEMBER, network, Optional.empty());
        port(MEMBER, network, Optional.empty());
        assertFault(() -> port(MEMBER, network, Optional.empty()), NeutronFault.IP_ADDRESS_GENERATION_FAILURE,
                "No more IP addresses available on network " + network.id() + ".");
    }

    @Test
    void aProjectSeesItsOwnAndSharedNetworksOnly() {
        Network mine = network(MEMBER, "mine", false);
        subnet(MEMBER, mine, "10.2.0.0/24");
        Network shared = network(ADMIN, "shared", true);
        subnet(ADMIN, shared, "10.3.0.0/24");
        assertThat(fixture.networks().listNetworks(OTHER)).extracting(Network::name).containsExactly("shared");
        assertThat(fixture.networks().listNetworks(MEMBER)).extracting(Network::name).containsExactly("mine", "shared");
        assertThat(fixture.networks().listNetworks(ADMIN)).hasSize(2);
        assertThat(fixture.networks().listSubnets(OTHER)).extracting(Subnet::networkId).containsExactly(shared.id());

        assertFault(() -> fixture.networks().getNetwork(OTHER, mine.id()), NeutronFault.NETWORK_NOT_FOUND,
                "Network " + mine.id() + " could not be found.");
        assertFault(() -> port(OTHER, mine, Optional.empty()), NeutronFault.NETWORK_NOT_FOUND,
                "Network " + mine.id() + " could not be found.");
        assertFault(() -> subnet(OTHER, shared, "10.4.0.0/24"), NeutronFault.POLICY_NOT_AUTHORIZED,
                "rule:create_subnet is disallowed by policy");

        Port othersPort = port(OTHER, shared, Optional.empty());
        assertThat(fixture.ports().listPorts(OTHER)).extracting(Port::id).containsExactly(othersPort.id());
        assertThat(fixture.ports().listPorts(MEMBER)).isEmpty();
        assertThat(fixture.ports().listPorts(ADMIN)).as("the network's owner sees ports on it")
                .extracting(Port::id).containsExactly(othersPort.id());
        assertFault(() -> fixture.ports().getPort(MEMBER, othersPort.id()), NeutronFault.PORT_NOT_FOUND,
                "Port " + othersPort.id() + " could not be found.");
        assertFault(() -> fixture.networks().updateNetwork(ADMIN, shared.id(), new NetworkCommands.NetworkChanges(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false), Optional.empty(),
                        Optional.empty())), NeutronFault.INVALID_SHARED_SETTING,
                "Unable to reconfigure sharing settings for network " + shared.id() + ". Multiple projects are using it.");
    }

    @Test
    void anExternalNetworkIsSeenByEveryProjectButItsSubnetsOnlyByItsOwner() {
        Network external = fixture.networks().createNetwork(ADMIN, new NewNetwork(Optional.empty(), "public", "", true,
                false, true, Optional.empty()));
        Subnet subnet = subnet(ADMIN, external, "172.24.4.0/24");
        assertThat(fixture.networks().listNetworks(OTHER)).extracting(Network::name).contains("public");
        assertThat(fixture.networks().listSubnets(OTHER)).extracting(Subnet::id).doesNotContain(subnet.id());
        assertFault(() -> fixture.networks().getSubnet(OTHER, subnet.id()), NeutronFault.SUBNET_NOT_FOUND,
                "Subnet " + subnet.id() + " could not be found.");
        assertThat(fixture.networks().listSubnets(ADMIN)).extracting(Subnet::id).contains(subnet.id());
    }

    @Test
    void networksAndSubnetsInUseStay() {
        Network network = network(MEMBER, "busy", false);
        Subnet subnet = subnet(MEMBER, network, "10.5.0.0/24");
        Port port = port(MEMBER, network, Optional.empty());
        assertFault(() -> fixture.networks().deleteNetwork(MEMBER, network.id()), NeutronFault.NETWORK_IN_USE,
                "Unable to complete operation on network " + network.id()
                        + ". There are one or more ports still in use on the network.");
        assertFault(() -> fixture.networks().deleteSubnet(MEMBER, subnet.id()), NeutronFault.SUBNET_IN_USE,
                "Unable to complete operation on subnet " + subnet.id()
                        + ": One or more ports have an IP allocation from this subnet.");
        assertFault(() -> subnet(MEMBER, network, "10.5.0.128/25"), NeutronFault.INVALID_INPUT, "overlaps");

        fixture.ports().deletePort(MEMBER, port.id());
        fixture.networks().deleteNetwork(MEMBER, network.id());
        assertFault(() -> fixture.networks().getSubnet(MEMBER, subnet.id()), NeutronFault.SUBNET_NOT_FOUND,
                "Subnet " + subnet.id() + " could not be found.");
    }

    @Test
    void serversBindPortsGetOneSshForwardAndLetThemGo() {
        Network network = network(ADMIN, "servers", true);
        subnet(ADMIN, network, "10.6.0.0/24");
        Port mine = port(MEMBER, network, Optional.empty());
        List<ServerPort> ports = fixture.module.ports().allocate(MEMBER, "server-1", List.of(
                new PortRequest.OnNetwork(network.id(), Optional.empty()), new PortRequest.ExistingPort(mine.id())));
        assertThat(ports).extracting(ServerPort::portId).endsWith(mine.id());
        ServerPort first = ports.get(0);
        assertThat(first.fixedIps()).extracting(ServerPort.Address::ipAddress).containsExactly("10.6.0.3");
        assertThat(first.addressing()).contains(new ServerPort.Addressing("10.6.0.0/24", "10.6.0.1", "10.6.0.3",
                "10.6.0.254"));
        assertThat(first.forwards()).singleElement().satisfies(forward -> {
            assertThat(forward.guestPort()).isEqualTo(22);
            assertThat(forward.hostPort()).isBetween(47810, 47812);
        });
        assertThat(ports.get(1).forwards()).isEmpty();
        assertThat(fixture.ports().getPort(MEMBER, mine.id()).status()).isEqualTo("ACTIVE");
        assertFault(() -> fixture.ports().deletePort(MEMBER, first.portId()), NeutronFault.PORT_IN_USE,
                "Port already has an attached device server-1.");
        assertFault(() -> fixture.module.ports().allocate(OTHER, "server-2", List.of(
                new PortRequest.ExistingPort(mine.id()))), NeutronFault.PORT_NOT_FOUND, mine.id());
        assertFault(() -> fixture.module.ports().allocate(MEMBER, "server-2", List.of(
                new PortRequest.ExistingPort(mine.id()))), NeutronFault.PORT_IN_USE, mine.id());

        fixture.module.ports().releaseAll("server-1");
        assertThat(fixture.module.ports().forServer("server-1")).isEmpty();
        assertThat(fixture.ports().listPorts(MEMBER)).as("the port made for the server went, the user's stays")
                .singleElement().satisfies(port -> {
                    assertThat(port.id()).isEqualTo(mine.id());
                    assertThat(port.status()).isEqualTo("DOWN");
                    assertThat(port.forwards()).isEmpty();
                });
    }

    @Test
    void aFailedAllocationLeavesNoPortAndForwardsRunOut() {
        Network network = network(MEMBER, "forwards", false);
        subnet(MEMBER, network, "10.7.0.0/24");
        Set<Integer> hostPorts = new HashSet<>();
        for (int server = 0; server < 3; server++) {
            List<ServerPort> ports = fixture.module.ports().allocate(MEMBER, "server-" + server,
                    List.of(new PortRequest.OnNetwork(network.id(), Optional.empty())));
            hostPorts.add(ports.get(0).forwards().get(0).hostPort());
        }
        assertThat(hostPorts).containsExactlyInAnyOrder(47810, 47811, 47812);
        assertFault(() -> fixture.module.ports().allocate(MEMBER, "server-3",
                List.of(new PortRequest.OnNetwork(network.id(), Optional.empty()))),
                NeutronFault.HOST_PORT_GENERATION_FAILURE, "No host port is free");

        fixture.module.ports().releaseAll("server-0");
        assertFault(() -> fixture.module.ports().allocate(MEMBER, "server-4", List.of(
                new PortRequest.OnNetwork(network.id(), Optional.empty()),
                new PortRequest.OnNetwork("no-such-network", Optional.empty()))),
                NeutronFault.NETWORK_NOT_FOUND, "no-such-network");
        assertThat(fixture.module.ports().forServer("server-4")).isEmpty();
        assertThat(fixture.ports().listPorts(MEMBER)).as("the first port of the failed request went again").hasSize(2);
        assertThat(fixture.module.ports().allocate(MEMBER, "server-5",
                List.of(new PortRequest.OnNetwork(network.id(), Optional.empty()))).get(0).forwards()).hasSize(1);
    }

    @Test
    void concurrentRequestsGetDistinctAddresses() throws Exception {
        Network network = network(MEMBER, "busy", false);
        subnet(MEMBER, network, "10.8.0.0/24");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Port>> created = new ArrayList<>();
            for (int index = 0; index < 24; index++) {
                created.add(threads.submit(() -> port(MEMBER, network, Optional.empty())));
            }
            Set<String> addresses = new HashSet<>();
            for (Future<Port> port : created) {
                addresses.add(port.get().fixedIps().get(0).address().toString());
            }
            assertThat(addresses).hasSize(24);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aProjectBindsPortsOnlyToItsOwnServers() {
        fixture.servers.put("server-of-a", "project-a");
        fixture.servers.put("server-of-b", "project-b");
        Network shared = network(ADMIN, "public", true);
        subnet(ADMIN, shared, "192.168.30.0/24");

        // Another project's server: no port of A's may claim to be one of its cards.
        assertFault(() -> fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), shared.id(), "", "", true,
                        Optional.empty(), Optional.empty(), "server-of-b", "compute:nova", SecurityRequest.UNSPECIFIED)),
                NeutronFault.POLICY_NOT_AUTHORIZED, "rule:create_port:device_owner is disallowed by policy");
        Port mine = fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), shared.id(), "", "", true,
                Optional.empty(), Optional.empty(), "server-of-a", "compute:nova", SecurityRequest.UNSPECIFIED));
        assertThat(mine.deviceId()).isEqualTo("server-of-a");
        Port loose = port(MEMBER, shared, Optional.empty());
        assertFault(() -> fixture.ports().updatePort(MEMBER, loose.id(), new PortChanges(Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("server-of-b"),
                        Optional.of("compute:nova"), SecurityRequest.UNSPECIFIED)),
                NeutronFault.POLICY_NOT_AUTHORIZED, "rule:update_port:device_owner is disallowed by policy");
        assertThat(fixture.ports().getPort(MEMBER, loose.id()).deviceId()).isEmpty();

        // network: owners are the network owner's (or an administrator's) to give.
        assertFault(() -> fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), shared.id(), "", "", true,
                        Optional.empty(), Optional.empty(), "router-1", "network:router_interface", SecurityRequest.UNSPECIFIED)),
                NeutronFault.POLICY_NOT_AUTHORIZED, "rule:create_port:device_owner is disallowed by policy");
        Network own = network(MEMBER, "own", false);
        subnet(MEMBER, own, "192.168.31.0/24");
        assertThat(fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), own.id(), "", "", true,
                Optional.empty(), Optional.empty(), "dhcp-1", "network:dhcp", SecurityRequest.UNSPECIFIED)).deviceOwner()).isEqualTo("network:dhcp");
        assertThat(fixture.ports().createPort(ADMIN, new NewPort(Optional.of("project-a"), shared.id(), "", "", true,
                Optional.empty(), Optional.empty(), "server-of-b", "compute:nova", SecurityRequest.UNSPECIFIED)).deviceId()).isEqualTo("server-of-b");
        assertThat(fixture.ports().listPorts(OTHER)).extracting(Port::deviceId).doesNotContain("server-of-a");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Network network(org.stackbox.common.auth.Caller caller, String name, boolean shared) {
        return fixture.networks().createNetwork(caller, new NewNetwork(Optional.empty(), name, "", true, shared, false,
                Optional.empty()));
    }

    private Subnet subnet(org.stackbox.common.auth.Caller caller, Network network, String cidr) {
        return fixture.networks().createSubnet(caller, new NewSubnet(Optional.empty(), network.id(), "", "",
                Ipv4Cidr.parse(cidr), Optional.empty(), true, Optional.empty(), List.of(), List.of()));
    }

    private Port port(org.stackbox.common.auth.Caller caller, Network network, Optional<String> address) {
        return fixture.ports().createPort(caller, new NewPort(Optional.empty(), network.id(), "", "", true,
                Optional.empty(), address.map(ip -> List.of(new RequestedIp(Optional.empty(),
                Optional.of(Ipv4Address.parse(ip))))), "", "", SecurityRequest.UNSPECIFIED));
    }

    private static void assertFault(Runnable action, NeutronFault fault, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(NeutronException.class, e -> assertThat(e.fault()).isEqualTo(fault))
                .hasMessageContaining(message);
    }
}
