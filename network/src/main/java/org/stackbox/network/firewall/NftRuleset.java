package org.stackbox.network.firewall;

import org.stackbox.network.IpPrefix;
import org.stackbox.network.Protocols;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.PortSecurity.AddressPair;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The nftables ruleset that enforces ports' security, as text for {@code nft -f}: one pure function from ports and
 * their groups' rules to a script, so that it is tested by what it writes and applied in one transaction.
 *
 * <p>Two tables, both named {@code stackbox}:
 * <ul>
 *   <li>{@code bridge stackbox}: anti-spoofing. Every frame a port with port security sends (prerouting: bridged,
 *       routed or for the namespace itself) must come from its MAC address and its fixed IPs or allowed address
 *       pairs (ARP included; a DHCP request from 0.0.0.0 passes, a DHCP server answer from a guest does not); then its
 *       mark's upper half is set to the port's number. A frame the bridge forwards to a port gets the port's number in
 *       the mark's lower half.</li>
 *   <li>{@code inet stackbox}: the security groups, with connection tracking. The kernel's bridge netfilter hands
 *       bridged IPv4 and IPv6 packets to the inet forward hook (the namespace's
 *       {@code net.bridge.bridge-nf-call-iptables}, which {@link SecurityGroupFirewall} turns on), where conntrack
 *       works; the bridge family's own conntrack is not needed. Base chain {@code egress} sends a packet to the chain of
 *       the port that sent it (by the mark), base chain {@code ingress} to the chain of the port it goes to (by the
 *       mark when bridged, by bridge and destination address when routed). A port's chain lets established and
 *       related packets through, drops invalid ones, jumps to each of its groups' chains (a rule that matches
 *       accepts) and drops the rest. A group's chain holds its rules; a remote group is a set of its members'
 *       addresses.</li>
 * </ul>
 * Traffic between a guest and the namespace's own services (DHCP, metadata) is anti-spoofed but not filtered by
 * groups, as Neutron's agents let DHCP and metadata through whatever the groups say. Ports without port security get
 * no chain: everything passes. A stateless group's port has no conntrack rules, so answers need rules of their own.
 */
public final class NftRuleset {
    static final String TABLE = "stackbox";
    private static final int MAX_PORTS = 0xffff;

    private NftRuleset() {}

    /** The whole ruleset, replacing whatever the namespace had under these tables, in one transaction. */
    public static String full(List<FirewallPort> ports, Map<String, SecurityGroup> groups,
                              Map<String, List<SecurityGroupRule>> rules) {
        List<FirewallPort> secured = secured(ports);
        if (secured.size() > MAX_PORTS) {
            throw new IllegalArgumentException("At most " + MAX_PORTS + " ports per namespace: " + secured.size());
        }
        StringBuilder script = new StringBuilder();
        // Declaring before deleting makes the delete valid on a namespace that has no table yet.
        script.append("table bridge ").append(TABLE).append(" {}\ndelete table bridge ").append(TABLE).append('\n');
        script.append("table inet ").append(TABLE).append(" {}\ndelete table inet ").append(TABLE).append('\n');
        bridgeTable(script, secured);
        inetTable(script, secured, ports, groups, rules);
        return script.toString();
    }

    /**
     * Only the chains of {@code changedGroups} and the member sets their rules name, rewritten in one transaction:
     * what a rule change costs does not grow with the number of ports. The table must have been written by
     * {@link #full} with the same ports.
     */
    public static String groupsChanged(Collection<String> changedGroups, List<FirewallPort> ports,
                                       Map<String, List<SecurityGroupRule>> rules) {
        StringBuilder script = new StringBuilder();
        Set<String> remotes = new LinkedHashSet<>();
        for (String groupId : changedGroups) {
            for (Direction direction : Direction.values()) {
                String chain = groupChain(groupId, direction);
                script.append("add chain inet ").append(TABLE).append(' ').append(chain).append('\n');
                script.append("flush chain inet ").append(TABLE).append(' ').append(chain).append('\n');
            }
            for (SecurityGroupRule rule : rules.getOrDefault(groupId, List.of())) {
                rule.remoteGroupId().ifPresent(remotes::add);
            }
        }
        for (String remote : remotes) {
            memberSets(script, remote, secured(ports), "add set inet " + TABLE + " ", true);
        }
        for (String groupId : changedGroups) {
            for (SecurityGroupRule rule : rules.getOrDefault(groupId, List.of())) {
                script.append("add rule inet ").append(TABLE).append(' ').append(groupChain(groupId, rule.direction()))
                        .append(' ').append(match(rule)).append(" accept\n");
            }
        }
        return script.toString();
    }

    /** Removes both tables (a namespace without them has nothing to remove). */
    public static String removal() {
        return "table bridge " + TABLE + " {}\ndelete table bridge " + TABLE + "\ntable inet " + TABLE
                + " {}\ndelete table inet " + TABLE + "\n";
    }

    // ---- the bridge table: anti-spoofing and port marks -----------------------------------------------------------

    private static void bridgeTable(StringBuilder script, List<FirewallPort> secured) {
        script.append("table bridge ").append(TABLE).append(" {\n");
        script.append("    chain prerouting {\n        type filter hook prerouting priority -200; policy accept;\n");
        if (!secured.isEmpty()) {
            script.append("        iifname vmap { ").append(vmap(secured, "spoof_")).append(" }\n");
        }
        script.append("    }\n");
        script.append("    chain forward {\n        type filter hook forward priority -200; policy accept;\n");
        if (!secured.isEmpty()) {
            script.append("        oifname vmap { ").append(vmap(secured, "to_")).append(" }\n");
        }
        script.append("    }\n");
        for (int index = 0; index < secured.size(); index++) {
            FirewallPort port = secured.get(index);
            int number = index + 1;
            script.append("    chain spoof_").append(number).append(" {\n");
            antiSpoofing(script, port.port());
            script.append("        meta mark set ").append(hex(number << 16)).append('\n');
            script.append("    }\n");
            script.append("    chain to_").append(number).append(" {\n        meta mark set meta mark and 0xffff0000 or ")
                    .append(hex(number)).append("\n    }\n");
        }
        script.append("}\n");
    }

    private static void antiSpoofing(StringBuilder script, Port port) {
        Set<String> macs = new LinkedHashSet<>();
        macs.add(port.macAddress());
        port.security().allowedAddressPairs().forEach(pair -> macs.add(pair.macAddress()));
        List<IpPrefix> sources = sources(port);
        List<String> v4 = texts(sources, 4);
        List<String> v6 = texts(sources, 6);
        String macSet = "{ " + String.join(", ", macs) + " }";
        script.append("        ether saddr != ").append(macSet).append(" drop\n");
        script.append("        ether type arp arp saddr ether != ").append(macSet).append(" drop\n");
        List<String> arpSources = new ArrayList<>(v4);
        arpSources.add("0.0.0.0");
        script.append("        ether type arp arp saddr ip != { ").append(String.join(", ", arpSources))
                .append(" } drop\n");
        script.append("        ether type ip ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 ")
                .append("meta mark set ").append("0x00000000 accept\n");
        script.append("        ether type ip udp sport 67 drop\n");
        script.append("        ether type ip6 udp sport 547 drop\n");
        if (v4.isEmpty()) {
            script.append("        ether type ip drop\n");
        } else {
            script.append("        ether type ip ip saddr != { ").append(String.join(", ", v4)).append(" } drop\n");
        }
        List<String> v6Sources = new ArrayList<>(v6);
        v6Sources.add("::");
        v6Sources.add("fe80::/64");
        script.append("        ether type ip6 ip6 saddr != { ").append(String.join(", ", v6Sources))
                .append(" } drop\n");
        script.append("        ether type != { ip, arp, ip6 } drop\n");
    }

    // ---- the inet table: security groups ---------------------------------------------------------------------------

    private static void inetTable(StringBuilder script, List<FirewallPort> secured, List<FirewallPort> all,
                                  Map<String, SecurityGroup> groups, Map<String, List<SecurityGroupRule>> rules) {
        Set<String> groupIds = new LinkedHashSet<>();
        secured.forEach(port -> groupIds.addAll(port.port().security().securityGroupIds()));
        Set<String> remotes = new LinkedHashSet<>();
        for (String groupId : groupIds) {
            rules.getOrDefault(groupId, List.of()).forEach(rule -> rule.remoteGroupId().ifPresent(remotes::add));
        }
        script.append("table inet ").append(TABLE).append(" {\n");
        StringBuilder sets = new StringBuilder();
        for (String remote : remotes) {
            memberSets(sets, remote, secured, "    set ", false);
        }
        script.append(sets);
        script.append("    chain egress {\n        type filter hook forward priority 0; policy accept;\n");
        if (!secured.isEmpty()) {
            script.append("        meta mark and 0xffff0000 vmap { ");
            List<String> entries = new ArrayList<>();
            for (int index = 0; index < secured.size(); index++) {
                entries.add(hex((index + 1) << 16) + " : jump egress_" + (index + 1));
            }
            script.append(String.join(", ", entries)).append(" }\n");
        }
        script.append("    }\n");
        script.append("    chain ingress {\n        type filter hook forward priority 10; policy accept;\n");
        if (!secured.isEmpty()) {
            List<String> byMark = new ArrayList<>();
            List<String> byAddress = new ArrayList<>();
            for (int index = 0; index < secured.size(); index++) {
                byMark.add(hex(index + 1) + " : jump ingress_" + (index + 1));
                for (IpPrefix address : fixedAddresses(secured.get(index).port())) {
                    byAddress.add(quoted(secured.get(index).bridge()) + " . " + address.addressText() + " : jump ingress_"
                            + (index + 1));
                }
            }
            script.append("        meta mark and 0x0000ffff vmap { ").append(String.join(", ", byMark)).append(" }\n");
            if (!byAddress.isEmpty()) {
                script.append("        oifname . ip daddr vmap { ").append(String.join(", ", byAddress)).append(" }\n");
            }
        }
        script.append("    }\n");
        for (int index = 0; index < secured.size(); index++) {
            Port port = secured.get(index).port();
            boolean stateful = port.security().securityGroupIds().stream()
                    .allMatch(id -> Optional.ofNullable(groups.get(id)).map(SecurityGroup::stateful).orElse(true));
            for (Direction direction : Direction.values()) {
                script.append("    chain ").append(direction == Direction.INGRESS ? "ingress_" : "egress_")
                        .append(index + 1).append(" {\n");
                if (stateful) {
                    script.append("        ct state established,related accept\n        ct state invalid drop\n");
                }
                for (String groupId : port.security().securityGroupIds()) {
                    script.append("        jump ").append(groupChain(groupId, direction)).append('\n');
                }
                script.append("        drop\n    }\n");
            }
        }
        for (String groupId : groupIds) {
            for (Direction direction : Direction.values()) {
                script.append("    chain ").append(groupChain(groupId, direction)).append(" {\n");
                for (SecurityGroupRule rule : rules.getOrDefault(groupId, List.of())) {
                    if (rule.direction() == direction) {
                        script.append("        ").append(match(rule)).append(" accept\n");
                    }
                }
                script.append("    }\n");
            }
        }
        script.append("}\n");
    }

    /** What a rule matches, in nft's words: family, protocol, ports or ICMP type and code, remote side. */
    static String match(SecurityGroupRule rule) {
        boolean v4 = rule.ethertype() == Ethertype.IPV4;
        List<String> parts = new ArrayList<>();
        parts.add(v4 ? "meta nfproto ipv4" : "meta nfproto ipv6");
        if (rule.protocol().isPresent()) {
            int number = Protocols.number(rule.protocol().get());
            parts.add("meta l4proto " + number);
            if (number == 1 || number == 58) {
                String icmp = number == 1 ? "icmp" : "icmpv6";
                rule.portRangeMin().ifPresent(type -> parts.add(icmp + " type " + type));
                rule.portRangeMax().ifPresent(code -> parts.add(icmp + " code " + code));
            } else if (rule.portRangeMin().isPresent()) {
                int min = rule.portRangeMin().get();
                int max = rule.portRangeMax().orElse(min);
                parts.add("th dport " + (min == max ? String.valueOf(min) : min + "-" + max));
            }
        }
        String side = rule.direction() == Direction.INGRESS ? "saddr" : "daddr";
        String family = v4 ? "ip" : "ip6";
        rule.remoteIpPrefix().map(text -> IpPrefix.parse(text).orElseThrow().network())
                .filter(prefix -> prefix.length() > 0)
                .ifPresent(prefix -> parts.add(family + " " + side + " " + prefix));
        rule.remoteGroupId().ifPresent(group -> parts.add(family + " " + side + " @" + memberSet(group, v4 ? 4 : 6)));
        return String.join(" ", parts);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static void memberSets(StringBuilder script, String groupId, List<FirewallPort> secured, String prefix,
                                   boolean refill) {
        for (int version : List.of(4, 6)) {
            String name = memberSet(groupId, version);
            List<String> members = secured.stream()
                    .filter(port -> port.port().security().securityGroupIds().contains(groupId))
                    .flatMap(port -> sources(port.port()).stream()).filter(source -> source.version() == version)
                    .map(source -> source.isHost() ? source.addressText() : source.network().toString())
                    .distinct().toList();
            String type = version == 4 ? "ipv4_addr" : "ipv6_addr";
            if (refill) {
                script.append(prefix).append(name).append(" { type ").append(type).append("; flags interval; }\n");
                script.append("flush set inet ").append(TABLE).append(' ').append(name).append('\n');
                if (!members.isEmpty()) {
                    script.append("add element inet ").append(TABLE).append(' ').append(name).append(" { ")
                            .append(String.join(", ", members)).append(" }\n");
                }
            } else {
                script.append(prefix).append(name).append(" {\n        type ").append(type)
                        .append("\n        flags interval\n");
                if (!members.isEmpty()) {
                    script.append("        elements = { ").append(String.join(", ", members)).append(" }\n");
                }
                script.append("    }\n");
            }
        }
    }

    private static List<FirewallPort> secured(List<FirewallPort> ports) {
        return ports.stream().filter(port -> port.port().security().enabled()).toList();
    }

    /** The addresses a port may send from: its fixed IPs and its allowed address pairs. */
    private static List<IpPrefix> sources(Port port) {
        List<IpPrefix> sources = new ArrayList<>(fixedAddresses(port));
        for (AddressPair pair : port.security().allowedAddressPairs()) {
            IpPrefix.parse(pair.ipAddress()).ifPresent(sources::add);
        }
        return sources;
    }

    private static List<IpPrefix> fixedAddresses(Port port) {
        return port.fixedIps().stream().map(ip -> IpPrefix.parse(ip.address().toString()).orElseThrow()).toList();
    }

    private static List<String> texts(List<IpPrefix> prefixes, int version) {
        return prefixes.stream().filter(prefix -> prefix.version() == version)
                .map(prefix -> prefix.isHost() ? prefix.addressText() : prefix.network().toString())
                .distinct().collect(Collectors.toList());
    }

    private static String vmap(List<FirewallPort> secured, String chainPrefix) {
        List<String> entries = new ArrayList<>();
        for (int index = 0; index < secured.size(); index++) {
            entries.add(quoted(secured.get(index).device()) + " : jump " + chainPrefix + (index + 1));
        }
        return String.join(", ", entries);
    }

    static String groupChain(String groupId, Direction direction) {
        return "sg_" + compact(groupId) + (direction == Direction.INGRESS ? "_ingress" : "_egress");
    }

    static String memberSet(String groupId, int version) {
        return "sg_" + compact(groupId) + "_v" + version;
    }

    private static String compact(String id) {
        return requireNonNull(id, "id is null").replaceAll("[^A-Za-z0-9]", "");
    }

    private static String quoted(String name) {
        if (!name.matches("[A-Za-z0-9_.@-]{1,15}")) {
            throw new IllegalArgumentException("Not an interface name: " + name);
        }
        return "\"" + name + "\"";
    }

    private static String hex(int value) {
        return "0x%08x".formatted(value);
    }
}
