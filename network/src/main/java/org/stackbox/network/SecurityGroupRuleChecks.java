package org.stackbox.network;

import org.stackbox.network.NetworkCommands.NewSecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.List;
import java.util.Optional;

/**
 * Neutron's checks of a new rule, in its order (securitygroups_db's _validate_base_security_group_rule_attributes),
 * and the canonical form it stores: {@code icmp}/{@code icmpv6}/{@code 1} of an IPv6 rule become
 * {@code ipv6-icmp}/{@code 58}, and a range of every port (1-65535) becomes no range.
 */
final class SecurityGroupRuleChecks {
    private SecurityGroupRuleChecks() {}

    /** The rule in canonical form, or Neutron's refusal. */
    static NewSecurityGroupRule canonical(NewSecurityGroupRule rule) {
        Optional<String> protocol = rule.protocol();
        if (rule.ethertype() == Ethertype.IPV6 && protocol.isPresent()) {
            if (protocol.get().equals("icmp") || protocol.get().equals("icmpv6")) {
                protocol = Optional.of("ipv6-icmp");
            } else if (protocol.get().equals("1")) {
                protocol = Optional.of("58");
            }
        }
        Optional<Integer> min = rule.portRangeMin();
        Optional<Integer> max = rule.portRangeMax();
        if (min.equals(Optional.of(1)) && max.equals(Optional.of(65535))) {
            min = Optional.empty();
            max = Optional.empty();
        }
        checkPortRange(protocol, min, max);
        if (rule.remoteIpPrefix().isPresent()) {
            int version = rule.remoteIpPrefix().get().version();
            if (rule.ethertype().wire().equals("IPv" + (version == 4 ? 6 : 4))) {
                throw new NeutronException(NeutronFault.SECURITY_GROUP_RULE_PARAMETER_CONFLICT,
                        "Conflicting value ethertype %s for CIDR %s".formatted(rule.ethertype().wire(),
                                rule.remoteIpPrefix().get()));
            }
        }
        if (protocol.isPresent() && rule.ethertype() == Ethertype.IPV4 && Protocols.IPV6_ONLY.contains(protocol.get())) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL,
                    "Invalid ethertype %s for protocol %s.".formatted(rule.ethertype().wire(), protocol.get()));
        }
        if (rule.remoteIpPrefix().isPresent() && rule.remoteGroupId().isPresent()) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_MULTIPLE_REMOTE_ENTITES,
                    "Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.");
        }
        return new NewSecurityGroupRule(rule.projectId(), rule.securityGroupId(), rule.direction(), rule.ethertype(),
                protocol, min, max, rule.remoteIpPrefix(), rule.remoteGroupId(), rule.description());
    }

    /** neutron's _validate_port_range. */
    private static void checkPortRange(Optional<String> protocol, Optional<Integer> min, Optional<Integer> max) {
        if (min.isEmpty() && max.isEmpty()) {
            return;
        }
        if (protocol.isEmpty()) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS,
                    "Must also specify protocol if port range is given.");
        }
        int number = Protocols.number(protocol.get());
        if (Protocols.WITH_PORTS.contains(number)) {
            if (min.equals(Optional.of(0)) || max.equals(Optional.of(0))) {
                throw new NeutronException(NeutronFault.SECURITY_GROUP_INVALID_PORT_VALUE, "Invalid value for port 0");
            }
            if (min.isEmpty() || max.isEmpty() || min.get() > max.get()) {
                throw new NeutronException(NeutronFault.SECURITY_GROUP_INVALID_PORT_RANGE,
                        "For TCP/UDP protocols, port_range_min must be <= port_range_max");
            }
        } else if (number == Protocols.ICMP || number == Protocols.IPV6_ICMP) {
            checkIcmp("type", "port_range_min", min);
            checkIcmp("code", "port_range_max", max);
            if (min.isEmpty()) {
                throw new NeutronException(NeutronFault.SECURITY_GROUP_MISSING_ICMP_TYPE, ("ICMP code (port-range-max) "
                        + "%d is provided but ICMP type (port-range-min) is missing.").formatted(max.get()));
            }
        } else {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT, ("Ports cannot be "
                    + "specified for protocol %d. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.")
                    .formatted(number));
        }
    }

    private static void checkIcmp(String field, String attribute, Optional<Integer> value) {
        if (value.isPresent() && (value.get() < 0 || value.get() > 255)) {
            throw new NeutronException(NeutronFault.SECURITY_GROUP_INVALID_ICMP_VALUE,
                    "Invalid value for ICMP %s (%s) %d. It must be 0 to 255.".formatted(field, attribute, value.get()));
        }
    }

    /** Neutron's _rule_to_key: two rules are the same when these are, protocols compared by number. */
    static boolean same(SecurityGroupRule existing, NewSecurityGroupRule rule) {
        return existing.direction() == rule.direction() && existing.ethertype() == rule.ethertype()
                && existing.portRangeMin().equals(rule.portRangeMin())
                && existing.portRangeMax().equals(rule.portRangeMax())
                && existing.protocol().map(Protocols::number).equals(rule.protocol().map(Protocols::number))
                && existing.remoteGroupId().equals(rule.remoteGroupId())
                && anyWhenEverything(existing.remoteIpPrefix()).equals(
                        anyWhenEverything(rule.remoteIpPrefix().map(IpPrefix::toString)));
    }

    private static Optional<String> anyWhenEverything(Optional<String> prefix) {
        return prefix.filter(text -> !List.of("0.0.0.0/0", "::/0").contains(text));
    }
}
