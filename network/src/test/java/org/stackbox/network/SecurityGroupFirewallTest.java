package org.stackbox.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewPort;
import org.stackbox.network.NetworkCommands.NewSecurityGroup;
import org.stackbox.network.NetworkCommands.NewSecurityGroupRule;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.NetworkCommands.RequestedIp;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.firewall.FirewallPort;
import org.stackbox.network.firewall.SecurityGroupFirewall;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.stackbox.network.NetworkFixture.MEMBER;

/**
 * The firewall for real: a namespace with a bridge and guests in namespaces of their own joined by veth pairs
 * (standing for QEMU's taps), ports and groups made through the network service on SQLite, the ruleset applied with
 * nft, and TCP connections made between the guests. Needs root (namespaces, nftables).
 */
@Timeout(180)
class SecurityGroupFirewallTest {
    private static final int SERVICE = 8080;

    @TempDir
    Path directory;

    private NetworkFixture fixture;
    private BridgeLab lab;
    private Network network;
    private final List<FirewallPort> ports = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().filter("root"::equals).isPresent(),
                "needs root: it makes network namespaces, bridges and nftables rulesets");
        fixture = new NetworkFixture(DatabaseUrl.sqlite(directory.resolve("stackbox.db")), NetworkConfig.defaults());
        network = fixture.networks().createNetwork(MEMBER, new NewNetwork(Optional.empty(), "lab", "", true, false,
                false, Optional.empty()));
        fixture.networks().createSubnet(MEMBER, new NewSubnet(Optional.empty(), network.id(), "", "",
                Ipv4Cidr.parse("10.61.0.0/24"), Optional.empty(), true, Optional.empty(), List.of(), List.of()));
        lab = new BridgeLab();
    }

    @AfterEach
    void close() throws Exception {
        if (lab != null) {
            lab.close();
            assertThat(BridgeLab.output("ip", "netns", "list")).doesNotContain(lab.hub);
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void groupsDecideWhoReachesWhomAndSpoofedFramesGetNothingThrough() throws Exception {
        SecurityGroupService groups = fixture.module.securityGroups();
        SecurityGroupFirewall firewall = new SecurityGroupFirewall(groups);
        String defaultGroup = groups.ensureDefault(MEMBER, MEMBER.projectId()).orElseThrow();
        String other = groups.createGroup(MEMBER, new NewSecurityGroup(Optional.empty(), "other", "",
                Optional.empty())).id();
        guest("a", "10.61.0.11", SecurityRequest.UNSPECIFIED);
        guest("b", "10.61.0.12", SecurityRequest.UNSPECIFIED);
        guest("c", "10.61.0.13", new SecurityRequest(Optional.empty(), Optional.of(List.of(other)), Optional.empty()));
        for (String guest : List.of("a", "b", "c")) {
            lab.listen(guest, SERVICE);
        }
        // Before any rule, the bridge lets everything through: the lab itself works.
        assertThat(lab.connects("c", "10.61.0.12", SERVICE)).isTrue();

        firewall.apply(lab.hub, ports);
        // Members of the default group reach each other; the other group's member is refused both ways.
        assertThat(lab.connects("a", "10.61.0.12", SERVICE)).isTrue();
        assertThat(lab.connects("b", "10.61.0.11", SERVICE)).isTrue();
        assertThat(lab.connects("c", "10.61.0.12", SERVICE)).isFalse();
        assertThat(lab.connects("a", "10.61.0.13", SERVICE)).isFalse();

        // A rule with the other group as its remote group lets its members in, on that port only.
        SecurityGroupRule fromOther = groups.createRule(MEMBER, rule(defaultGroup, "tcp", SERVICE, SERVICE,
                Optional.empty(), Optional.of(other)));
        firewall.groupsChanged(lab.hub, ports, List.of(defaultGroup));
        assertThat(lab.connects("c", "10.61.0.12", SERVICE)).isTrue();
        lab.listen("b", SERVICE + 1);
        assertThat(lab.connects("c", "10.61.0.12", SERVICE + 1)).isFalse();

        // Removing the rule cuts new connections.
        groups.deleteRule(MEMBER, fromOther.id());
        firewall.groupsChanged(lab.hub, ports, List.of(defaultGroup));
        assertThat(lab.connects("c", "10.61.0.12", SERVICE)).isFalse();
        assertThat(lab.connects("a", "10.61.0.12", SERVICE)).isTrue();

        // A CIDR rule: a's address, and no other, reaches c.
        groups.createRule(MEMBER, rule(other, "6", SERVICE, SERVICE, Optional.of("10.61.0.11/32"), Optional.empty()));
        firewall.groupsChanged(lab.hub, ports, List.of(other));
        assertThat(lab.connects("a", "10.61.0.13", SERVICE)).isTrue();
        assertThat(lab.connects("b", "10.61.0.13", SERVICE)).isFalse();

        // a takes another address: nothing it sends gets through (not even ARP for it).
        lab.run("ip", "-n", lab.guestNamespace("a"), "addr", "flush", "dev", "eth0");
        lab.run("ip", "-n", lab.guestNamespace("a"), "addr", "add", "10.61.0.50/24", "dev", "eth0");
        assertThat(lab.connects("a", "10.61.0.12", SERVICE)).isFalse();
        lab.run("ip", "-n", lab.guestNamespace("a"), "addr", "flush", "dev", "eth0");
        lab.run("ip", "-n", lab.guestNamespace("a"), "addr", "add", "10.61.0.11/24", "dev", "eth0");
        assertThat(lab.connects("a", "10.61.0.12", SERVICE)).isTrue();
        // b takes another MAC address with its own address: nothing gets through either.
        lab.run("ip", "-n", lab.guestNamespace("b"), "link", "set", "eth0", "address", "fa:16:3e:66:66:66");
        lab.run("ip", "-n", lab.guestNamespace("a"), "neigh", "flush", "dev", "eth0");
        assertThat(lab.connects("b", "10.61.0.11", SERVICE)).isFalse();

        // Without the ruleset, everything passes again.
        firewall.remove(lab.hub);
        assertThat(BridgeLab.output("ip", "netns", "exec", lab.hub, "nft", "list", "ruleset")).doesNotContain("stackbox");
        assertThat(lab.connects("c", "10.61.0.11", SERVICE)).isTrue();
    }

    @Test
    void aPortWithoutPortSecurityIsNotFilteredAndAnAllowedAddressPairMaySend() throws Exception {
        SecurityGroupService groups = fixture.module.securityGroups();
        SecurityGroupFirewall firewall = new SecurityGroupFirewall(groups);
        guest("a", "10.61.0.11", SecurityRequest.UNSPECIFIED);
        guest("open", "10.61.0.20", new SecurityRequest(Optional.of(false), Optional.empty(), Optional.empty()));
        Port paired = guest("vip", "10.61.0.30", new SecurityRequest(Optional.empty(), Optional.empty(),
                Optional.of(List.of(new NetworkCommands.RequestedPair("10.61.0.99", Optional.empty())))));
        for (String guest : List.of("a", "open", "vip")) {
            lab.listen(guest, SERVICE);
        }
        firewall.apply(lab.hub, ports);
        // The open port reaches nobody in the default group (their ingress decides) but anyone reaches it.
        assertThat(lab.connects("open", "10.61.0.11", SERVICE)).isFalse();
        assertThat(lab.connects("a", "10.61.0.20", SERVICE)).isTrue();
        // The pair's address is the port's to send from; the default group lets its members' pairs in too.
        lab.run("ip", "-n", lab.guestNamespace("vip"), "addr", "add", "10.61.0.99/24", "dev", "eth0");
        assertThat(lab.connects("a", "10.61.0.99", SERVICE)).isTrue();
        assertThat(paired.security().allowedAddressPairs()).hasSize(1);
    }

    private Port guest(String name, String address, SecurityRequest security) throws Exception {
        Port port = fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), network.id(), name, "", true,
                Optional.empty(), Optional.of(List.of(new RequestedIp(Optional.empty(),
                Optional.of(Ipv4Address.parse(address))))), "", "", security));
        String device = lab.guest(name, port.macAddress(), address);
        ports.add(new FirewallPort(port, device, BridgeLab.BRIDGE));
        return port;
    }

    private static NewSecurityGroupRule rule(String groupId, String protocol, int min, int max, Optional<String> prefix,
                                             Optional<String> remoteGroup) {
        return new NewSecurityGroupRule(Optional.empty(), groupId, Direction.INGRESS, Ethertype.IPV4,
                Protocols.convert(protocol), Optional.of(min), Optional.of(max),
                prefix.map(text -> IpPrefix.parse(text).orElseThrow()), remoteGroup, "");
    }
}
