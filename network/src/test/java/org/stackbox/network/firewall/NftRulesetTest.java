package org.stackbox.network.firewall;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What each kind of rule matches, in nft's words; SecurityGroupFirewallTest shows the kernel agrees. */
class NftRulesetTest {
    @ParameterizedTest(name = "{0} {1} {2} {3}-{4} {5} {6}")
    @CsvSource(delimiter = '|', value = {
            "INGRESS|IPV4|     |    |    |              |    | meta nfproto ipv4",
            "EGRESS |IPV6|     |    |    |              |    | meta nfproto ipv6",
            "INGRESS|IPV4|tcp  |22  |22  |              |    | meta nfproto ipv4 meta l4proto 6 th dport 22",
            "INGRESS|IPV4|udp  |5000|5100|10.0.0.5/24   |    | meta nfproto ipv4 meta l4proto 17 th dport 5000-5100 ip saddr 10.0.0.0/24",
            "EGRESS |IPV4|17   |53  |53  |192.0.2.1/32  |    | meta nfproto ipv4 meta l4proto 17 th dport 53 ip daddr 192.0.2.1/32",
            "INGRESS|IPV4|icmp |8   |0   |0.0.0.0/0     |    | meta nfproto ipv4 meta l4proto 1 icmp type 8 icmp code 0",
            "INGRESS|IPV6|ipv6-icmp|128|  |2001:db8::/32 |    | meta nfproto ipv6 meta l4proto 58 icmpv6 type 128 ip6 saddr 2001:db8::/32",
            "INGRESS|IPV4|gre  |    |    |              |g-1 | meta nfproto ipv4 meta l4proto 47 ip saddr @sg_g1_v4",
            "EGRESS |IPV6|     |    |    |              |g-1 | meta nfproto ipv6 ip6 daddr @sg_g1_v6"})
    void eachRuleMatchesWhatItSays(Direction direction, Ethertype ethertype, String protocol, Integer min, Integer max,
                                   String prefix, String remoteGroup, String expected) {
        SecurityGroupRule rule = new SecurityGroupRule("r", "g", "p", direction, ethertype,
                Optional.ofNullable(protocol), Optional.ofNullable(min), Optional.ofNullable(max),
                Optional.ofNullable(prefix), Optional.ofNullable(remoteGroup), "", 1, Instant.EPOCH, Instant.EPOCH);
        assertThat(NftRuleset.match(rule)).isEqualTo(expected);
    }
}
