package org.stackbox.network.bridge;

import org.junit.jupiter.api.Test;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A router's address translation as the script nft is given. */
class RouterNatTest {
    @Test
    void floatingIpsAreDnatInAndSnatOutAndTheSubnetsLeaveWithTheGatewaysAddress() {
        RouterNat nat = new RouterNat("qg-1234567890a", Optional.of(Ipv4Address.parse("172.24.4.2")),
                List.of(Ipv4Cidr.parse("10.40.0.0/24"), Ipv4Cidr.parse("10.50.0.0/24")),
                List.of(new RouterNat.FloatingPair(Ipv4Address.parse("172.24.4.7"), Ipv4Address.parse("10.40.0.10"))));
        assertThat(nat.script()).isEqualTo("""
                table ip stackbox {}
                delete table ip stackbox
                table ip stackbox {
                    chain prerouting {
                        type nat hook prerouting priority dstnat; policy accept;
                        iifname "qg-1234567890a" ip daddr 172.24.4.7 dnat to 10.40.0.10
                    }
                    chain postrouting {
                        type nat hook postrouting priority srcnat; policy accept;
                        oifname "qg-1234567890a" ip saddr 10.40.0.10 snat to 172.24.4.7
                        oifname "qg-1234567890a" ip saddr 10.40.0.0/24 snat to 172.24.4.2
                        oifname "qg-1234567890a" ip saddr 10.50.0.0/24 snat to 172.24.4.2
                    }
                }
                """);
    }

    @Test
    void withoutSnatOrFloatingIpsNothingIsTranslated() {
        RouterNat nat = new RouterNat("qg-none", Optional.empty(), List.of(Ipv4Cidr.parse("10.40.0.0/24")), List.of());
        assertThat(nat.script()).doesNotContain("snat", "dnat");
    }
}
