package org.stackbox.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.database.DatabaseUrl;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewPort;
import org.stackbox.network.NetworkCommands.NewSecurityGroup;
import org.stackbox.network.NetworkCommands.NewSecurityGroupRule;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.NetworkCommands.PortChanges;
import org.stackbox.network.NetworkCommands.RequestedPair;
import org.stackbox.network.NetworkCommands.SecurityGroupChanges;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.model.Network;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.stackbox.network.NetworkFixture.ADMIN;
import static org.stackbox.network.NetworkFixture.MEMBER;
import static org.stackbox.network.NetworkFixture.OTHER;

/** Security groups, their rules and ports' security, with Neutron's rules and messages, on a real SQLite database. */
@Timeout(60)
class SecurityGroupServiceTest {
    @TempDir
    Path directory;

    private NetworkFixture fixture;
    private SecurityGroupService groups;

    @BeforeEach
    void open() {
        fixture = new NetworkFixture(DatabaseUrl.sqlite(directory.resolve("stackbox.db")), NetworkConfig.defaults());
        groups = fixture.module.securityGroups();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theDefaultGroupIsMadeOnFirstUseWithNeutronsFourRules() {
        List<SecurityGroup> listed = groups.listGroups(MEMBER);
        assertThat(listed).singleElement().satisfies(group -> {
            assertThat(group.name()).isEqualTo("default");
            assertThat(group.description()).isEqualTo("Default security group");
            assertThat(group.projectId()).isEqualTo("project-a");
        });
        String id = listed.get(0).id();
        assertThat(groups.rulesOf(id)).extracting(SecurityGroupRule::direction, SecurityGroupRule::ethertype,
                        rule -> rule.remoteGroupId().orElse(null))
                .containsExactlyInAnyOrder(tuple(Direction.EGRESS, Ethertype.IPV4, null),
                        tuple(Direction.EGRESS, Ethertype.IPV6, null), tuple(Direction.INGRESS, Ethertype.IPV4, id),
                        tuple(Direction.INGRESS, Ethertype.IPV6, id));
        assertThat(groups.listGroups(MEMBER)).hasSize(1);
        assertThat(groups.isDefault(id)).isTrue();
        // A network of a project that never listed its groups makes its default group, as in Neutron.
        network(OTHER);
        assertThat(groups.listGroups(OTHER)).singleElement().extracting(SecurityGroup::name).isEqualTo("default");
        assertThat(groups.listGroups(ADMIN)).hasSize(3);
    }

    @Test
    void aNewGroupLetsOutEverythingAndInNothing() {
        SecurityGroup web = group(MEMBER, "web");
        assertThat(groups.rulesOf(web.id())).extracting(SecurityGroupRule::direction, SecurityGroupRule::ethertype)
                .containsExactlyInAnyOrder(tuple(Direction.EGRESS, Ethertype.IPV4), tuple(Direction.EGRESS, Ethertype.IPV6));
        assertThat(web.stateful()).isTrue();
        assertFault(() -> group(MEMBER, "Default"), NeutronFault.SECURITY_GROUP_DEFAULT_ALREADY_EXISTS,
                "Default security group already exists.");
        String defaultId = groups.ensureDefault(MEMBER, "project-a").orElseThrow();
        assertFault(() -> groups.updateGroup(MEMBER, defaultId, new SecurityGroupChanges(Optional.of("x"),
                Optional.empty(), Optional.empty())), NeutronFault.SECURITY_GROUP_CANNOT_UPDATE_DEFAULT,
                "Updating default security group not allowed.");
        assertFault(() -> groups.deleteGroup(MEMBER, defaultId), NeutronFault.SECURITY_GROUP_CANNOT_REMOVE_DEFAULT,
                "Insufficient rights for removing default security group.");
        SecurityGroup renamed = groups.updateGroup(MEMBER, web.id(), new SecurityGroupChanges(Optional.of("www"),
                Optional.of("front"), Optional.empty()));
        assertThat(renamed.revision()).isEqualTo(2);
        assertThat(renamed.name()).isEqualTo("www");
    }

    @Test
    void anotherProjectsGroupsAndRulesAreNotFound() {
        SecurityGroup web = group(MEMBER, "web");
        assertFault(() -> groups.getGroup(OTHER, web.id()), NeutronFault.SECURITY_GROUP_NOT_FOUND,
                "Security group " + web.id() + " does not exist");
        assertFault(() -> groups.createRule(OTHER, tcp(web.id(), 22, 22)), NeutronFault.SECURITY_GROUP_NOT_FOUND,
                "Security group " + web.id() + " does not exist");
        SecurityGroup theirs = group(OTHER, "theirs");
        assertFault(() -> groups.createRule(MEMBER, rule(web.id(), Direction.INGRESS, Ethertype.IPV4, "tcp", 22, 22,
                null, theirs.id())), NeutronFault.SECURITY_GROUP_NOT_FOUND, "Security group " + theirs.id());
        SecurityGroupRule ssh = groups.createRule(MEMBER, tcp(web.id(), 22, 22));
        assertFault(() -> groups.deleteRule(OTHER, ssh.id()), NeutronFault.SECURITY_GROUP_RULE_NOT_FOUND,
                "Security group rule " + ssh.id() + " does not exist");
        assertThat(groups.listRules(OTHER)).extracting(SecurityGroupRule::id).doesNotContain(ssh.id());
        assertThat(groups.getRule(ADMIN, ssh.id()).id()).isEqualTo(ssh.id());
    }

    @Test
    void rulesAreCheckedAsNeutronChecksThem() {
        String web = group(MEMBER, "web").id();
        assertFault(() -> groups.createRule(MEMBER, tcp(web, 90, 80)), NeutronFault.SECURITY_GROUP_INVALID_PORT_RANGE,
                "For TCP/UDP protocols, port_range_min must be <= port_range_max");
        assertFault(() -> groups.createRule(MEMBER, tcp(web, 0, 80)), NeutronFault.SECURITY_GROUP_INVALID_PORT_VALUE,
                "Invalid value for port 0");
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, null, 80, 80, null,
                null)), NeutronFault.SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS,
                "Must also specify protocol if port range is given.");
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, "icmp", 8, 300, null,
                null)), NeutronFault.SECURITY_GROUP_INVALID_ICMP_VALUE,
                "Invalid value for ICMP code (port_range_max) 300. It must be 0 to 255.");
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, "icmp", null, 0, null,
                null)), NeutronFault.SECURITY_GROUP_MISSING_ICMP_TYPE,
                "ICMP code (port-range-max) 0 is provided but ICMP type (port-range-min) is missing.");
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, "gre", 1, 2, null,
                null)), NeutronFault.SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT,
                "Ports cannot be specified for protocol 47. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.");
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV6, "tcp", 22, 22,
                "10.0.0.0/8", null)), NeutronFault.SECURITY_GROUP_RULE_PARAMETER_CONFLICT,
                "Conflicting value ethertype IPv6 for CIDR 10.0.0.0/8");
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, "ipv6-icmp", null,
                null, null, null)), NeutronFault.SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL,
                "Invalid ethertype IPv4 for protocol ipv6-icmp.");
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, "tcp", 22, 22,
                "10.0.0.0/8", web)), NeutronFault.SECURITY_GROUP_MULTIPLE_REMOTE_ENTITES,
                "Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.");
        assertThatThrownBy(() -> Protocols.convert("tcpp")).isInstanceOfSatisfying(NeutronException.class,
                        e -> assertThat(e.fault()).isEqualTo(NeutronFault.SECURITY_GROUP_RULE_INVALID_PROTOCOL))
                .hasMessageStartingWith("Security group rule protocol tcpp not supported. Only protocol values "
                        + "(None, 'any', 'ah', 'dccp',");
        assertThat(groups.rulesOf(web)).hasSize(2);

        // Canonical forms: the whole port range is no range; ICMP of IPv6 is ipv6-icmp; a host is a /32.
        SecurityGroupRule all = groups.createRule(MEMBER, tcp(web, 1, 65535));
        assertThat(all.portRangeMin()).isEmpty();
        SecurityGroupRule ping6 = groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV6, "icmp", 128,
                null, "2001:DB8::/32", null));
        assertThat(ping6.protocol()).contains("ipv6-icmp");
        assertThat(ping6.remoteIpPrefix()).contains("2001:db8::/32");
        SecurityGroupRule host = groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, "6", 22, 22,
                "192.168.1.10", null));
        assertThat(host.remoteIpPrefix()).contains("192.168.1.10/32");
        // The same rule twice: tcp and 6 are one protocol.
        assertFault(() -> groups.createRule(MEMBER, rule(web, Direction.INGRESS, Ethertype.IPV4, "tcp", 22, 22,
                "192.168.1.10/32", null)), NeutronFault.SECURITY_GROUP_RULE_EXISTS,
                "Security group rule already exists. Rule id is " + host.id() + ".");
        assertThat(groups.getGroup(MEMBER, web).revision()).isEqualTo(4);
    }

    @Test
    void aGroupPortsUseCannotBeDeletedAndItsRemoteRulesGoWithIt() {
        Network network = network(MEMBER);
        SecurityGroup web = group(MEMBER, "web");
        SecurityGroup db = group(MEMBER, "db");
        SecurityGroupRule fromWeb = groups.createRule(MEMBER, rule(db.id(), Direction.INGRESS, Ethertype.IPV4, "tcp",
                5432, 5432, null, web.id()));
        Port port = port(MEMBER, network, new SecurityRequest(Optional.empty(), Optional.of(List.of(web.id())),
                Optional.empty()));
        assertThat(port.security().securityGroupIds()).containsExactly(web.id());
        assertFault(() -> groups.deleteGroup(MEMBER, web.id()), NeutronFault.SECURITY_GROUP_IN_USE,
                "Security Group " + web.id() + " in use.");
        fixture.ports().deletePort(MEMBER, port.id());
        groups.deleteGroup(MEMBER, web.id());
        assertFault(() -> groups.getRule(MEMBER, fromWeb.id()), NeutronFault.SECURITY_GROUP_RULE_NOT_FOUND,
                "does not exist");
        assertThat(groups.rulesOf(db.id())).hasSize(2);
    }

    @Test
    void quotasAreNeutronsDefaults() {
        for (int index = 1; index < SecurityGroupService.GROUP_QUOTA; index++) {
            group(MEMBER, "g" + index);
        }
        assertFault(() -> group(MEMBER, "one-too-many"), NeutronFault.OVER_QUOTA,
                "Quota exceeded for resources: ['security_group'].");
        assertThat(groups.listGroups(MEMBER)).hasSize(SecurityGroupService.GROUP_QUOTA);
    }

    @Test
    void portsTakeTheDefaultGroupUnlessTheyNameOthersOrHaveNoPortSecurity() {
        Network network = network(MEMBER);
        String defaultId = groups.ensureDefault(MEMBER, "project-a").orElseThrow();
        Port plain = port(MEMBER, network, SecurityRequest.UNSPECIFIED);
        assertThat(plain.security().enabled()).isTrue();
        assertThat(plain.security().securityGroupIds()).containsExactly(defaultId);

        Port open = port(MEMBER, network, new SecurityRequest(Optional.of(false), Optional.empty(), Optional.empty()));
        assertThat(open.security().securityGroupIds()).isEmpty();
        assertFault(() -> port(MEMBER, network, new SecurityRequest(Optional.of(false), Optional.of(List.of(defaultId)),
                        Optional.empty())), NeutronFault.PORT_SECURITY_AND_IP_REQUIRED_FOR_SECURITY_GROUPS,
                "Port security must be enabled and port must have an IP address in order to use security groups.");
        assertFault(() -> port(MEMBER, network, new SecurityRequest(Optional.of(false), Optional.empty(),
                        Optional.of(List.of(new RequestedPair("10.0.0.9", Optional.empty()))))),
                NeutronFault.ADDRESS_PAIR_AND_PORT_SECURITY_REQUIRED,
                "Port Security must be enabled in order to have allowed address pairs on a port.");
        SecurityGroup theirs = group(OTHER, "theirs");
        assertFault(() -> port(MEMBER, network, new SecurityRequest(Optional.empty(), Optional.of(List.of(theirs.id())),
                Optional.empty())), NeutronFault.SECURITY_GROUP_NOT_FOUND, "Security group " + theirs.id());

        // Port security off while groups remain is refused; off with the groups cleared is fine.
        assertFault(() -> fixture.ports().updatePort(MEMBER, plain.id(), changes(new SecurityRequest(Optional.of(false),
                        Optional.empty(), Optional.empty()))), NeutronFault.PORT_SECURITY_PORT_HAS_SECURITY_GROUP,
                "Port has security group associated.");
        Port opened = fixture.ports().updatePort(MEMBER, plain.id(), changes(new SecurityRequest(Optional.of(false),
                Optional.of(List.of()), Optional.empty())));
        assertThat(opened.security().enabled()).isFalse();
        assertThat(opened.security().securityGroupIds()).isEmpty();

        Port paired = fixture.ports().updatePort(MEMBER, opened.id(), changes(new SecurityRequest(Optional.of(true),
                Optional.of(List.of(defaultId)), Optional.of(List.of(new RequestedPair("10.0.0.0/28", Optional.empty()),
                        new RequestedPair("10.0.0.99", Optional.of("fa:16:3e:00:00:01")))))));
        assertThat(paired.security().allowedAddressPairs()).extracting(pair -> pair.ipAddress() + " " + pair.macAddress())
                .containsExactly("10.0.0.0/28 " + paired.macAddress(), "10.0.0.99 fa:16:3e:00:00:01");
        assertThat(fixture.ports().getPort(MEMBER, paired.id()).security()).isEqualTo(paired.security());

        // A router's port takes no group.
        Port router = fixture.ports().createPort(MEMBER, new NewPort(Optional.empty(), network.id(), "", "", true,
                Optional.empty(), Optional.empty(), "router-1", "network:router_interface", SecurityRequest.UNSPECIFIED));
        assertThat(router.security().securityGroupIds()).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private SecurityGroup group(Caller caller, String name) {
        return groups.createGroup(caller, new NewSecurityGroup(Optional.empty(), name, "", Optional.empty()));
    }

    private static NewSecurityGroupRule tcp(String groupId, int min, int max) {
        return rule(groupId, Direction.INGRESS, Ethertype.IPV4, "tcp", min, max, null, null);
    }

    private static NewSecurityGroupRule rule(String groupId, Direction direction, Ethertype ethertype, String protocol,
                                             Integer min, Integer max, String prefix, String remoteGroupId) {
        return new NewSecurityGroupRule(Optional.empty(), groupId, direction, ethertype,
                Optional.ofNullable(protocol).flatMap(Protocols::convert), Optional.ofNullable(min),
                Optional.ofNullable(max), Optional.ofNullable(prefix).map(text -> IpPrefix.parse(text).orElseThrow()),
                Optional.ofNullable(remoteGroupId), "");
    }

    private Network network(Caller caller) {
        Network network = fixture.networks().createNetwork(caller, new NewNetwork(Optional.empty(), "net", "", true,
                false, false, Optional.empty()));
        fixture.networks().createSubnet(caller, new NewSubnet(Optional.empty(), network.id(), "", "",
                Ipv4Cidr.parse("10.0.0.0/24"), Optional.empty(), true, Optional.empty(), List.of(), List.of()));
        return network;
    }

    private Port port(Caller caller, Network network, SecurityRequest security) {
        return fixture.ports().createPort(caller, new NewPort(Optional.empty(), network.id(), "", "", true,
                Optional.empty(), Optional.empty(), "", "", security));
    }

    private static PortChanges changes(SecurityRequest security) {
        return new PortChanges(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), security);
    }

    private static void assertFault(Runnable action, NeutronFault fault, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(NeutronException.class, e -> assertThat(e.fault()).isEqualTo(fault))
                .hasMessageContaining(message);
    }
}
