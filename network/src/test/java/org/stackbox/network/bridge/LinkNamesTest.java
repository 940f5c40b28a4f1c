package org.stackbox.network.bridge;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkNamesTest {
    @Test
    void bridgesAndTapsAreNamedAsNeutronsLinuxBridgeAgentNamesThem() {
        assertThat(LinkNames.bridge("0f6b3c1e-1111-4222-8333-444455556666")).isEqualTo("brq0f6b3c1e-11");
        assertThat(LinkNames.tap("7099cf26-a06b-46be-b2ab-c371cae73637")).isEqualTo("tap7099cf26-a0");
        assertThat(LinkNames.tap("7099cf26-a06b-46be-b2ab-c371cae73637")).hasSizeLessThanOrEqualTo(15);
        assertThatThrownBy(() -> LinkNames.tap("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkNames.tap("7099cf26 a06b;rm -rf")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachDataDirectoryHasANamespaceOfItsOwnFoundAgainAfterARestart() {
        NetworkNamespace first = NetworkNamespace.forDataDirectory(Path.of("/srv/cloud-a"));
        assertThat(first.name()).matches("stackbox-[0-9a-f]{10}");
        assertThat(NetworkNamespace.forDataDirectory(Path.of("/srv/cloud-a/../cloud-a"))).isEqualTo(first);
        assertThat(NetworkNamespace.forDataDirectory(Path.of("/srv/cloud-b"))).isNotEqualTo(first);
        assertThat(first.path()).isEqualTo(Path.of("/run/netns", first.name()));
        assertThat(first.inside(java.util.List.of("dnsmasq", "--test"))).containsExactly("nsenter",
                "--net=/run/netns/" + first.name(), "--", "dnsmasq", "--test");
    }

    @Test
    void aTapIsUpWhenItHasACarrier() {
        String output = """
                5: tap7099cf26-a0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master brq0 state UP
                6: tap11111111-22: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel master brq0 state DOWN
                7: veth0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500
                """;
        assertThat(PortLinks.parse(output)).isEqualTo(Map.of("tap7099cf26-a0", true, "tap11111111-22", false,
                "veth0", true));
    }
}
