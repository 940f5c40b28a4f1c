package org.stackbox.network.model;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One rule of a security group, in Neutron's canonical form: what traffic of one direction and ethertype it lets
 * through, from (ingress) or to (egress) either a block of addresses or the ports of a group, or anyone.
 *
 * @param protocol a name of Neutron's protocol map ({@code tcp}, {@code ipv6-icmp} ...) or a number 0-255 as text;
 *                 empty for any protocol
 * @param portRangeMin for TCP, UDP, SCTP, DCCP and UDP-Lite the first port; for ICMP the type; empty for any
 * @param portRangeMax the last port, or the ICMP code
 * @param remoteIpPrefix a CIDR block, as Neutron writes it (the host bits kept)
 */
public record SecurityGroupRule(String id, String securityGroupId, String projectId, Direction direction,
                                Ethertype ethertype, Optional<String> protocol, Optional<Integer> portRangeMin,
                                Optional<Integer> portRangeMax, Optional<String> remoteIpPrefix,
                                Optional<String> remoteGroupId, String description, int revision, Instant createdAt,
                                Instant updatedAt) {
    public enum Direction {
        INGRESS, EGRESS;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public enum Ethertype {
        IPV4("IPv4"), IPV6("IPv6");

        private final String wire;

        Ethertype(String wire) { this.wire = wire; }

        public String wire() { return wire; }

        public static Optional<Ethertype> parse(String text) {
            for (Ethertype ethertype : values()) {
                if (ethertype.wire.equalsIgnoreCase(text)) {
                    return Optional.of(ethertype);
                }
            }
            return Optional.empty();
        }
    }

    public SecurityGroupRule {
        requireNonNull(id, "id is null");
        requireNonNull(securityGroupId, "securityGroupId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(direction, "direction is null");
        requireNonNull(ethertype, "ethertype is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(portRangeMin, "portRangeMin is null");
        requireNonNull(portRangeMax, "portRangeMax is null");
        requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
        requireNonNull(remoteGroupId, "remoteGroupId is null");
        requireNonNull(description, "description is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
