package org.stackbox.common.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(5)
class Ipv4Test {
    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.0.1", "10.0.0.256", "10.0.0.01", "10.0.0.-1", "a.b.c.d", "10..0.1",
            " 10.0.0.1"})
    void refusesWhatIsNotAStrictDottedQuad(String text) {
        assertThat(Ipv4Address.isValid(text)).isFalse();
    }

    @Test
    void readsAndWritesAddresses() {
        assertThat(Ipv4Address.parse("255.255.255.255").value()).isEqualTo(0xFFFF_FFFFL);
        assertThat(Ipv4Address.parse("10.0.0.254").plus(1)).hasToString("10.0.0.255");
        assertThat(Ipv4Address.parse("10.0.0.9")).isLessThan(Ipv4Address.parse("10.0.0.10"));
    }

    @Test
    void blocksKnowTheirHostsAndRefuseHostBits() {
        Ipv4Cidr block = Ipv4Cidr.parse("10.0.0.0/24");
        assertThat(block.firstHost()).hasToString("10.0.0.1");
        assertThat(block.lastHost()).hasToString("10.0.0.254");
        assertThat(block.last()).hasToString("10.0.0.255");
        assertThat(block.netmask()).hasToString("255.255.255.0");
        assertThat(block.contains(Ipv4Address.parse("10.0.0.77"))).isTrue();
        assertThat(block.contains(Ipv4Address.parse("10.0.1.0"))).isFalse();
        assertThat(block.overlaps(Ipv4Cidr.parse("10.0.0.128/25"))).isTrue();
        assertThat(block.overlaps(Ipv4Cidr.parse("10.0.1.0/24"))).isFalse();
        assertThat(Ipv4Cidr.parse("0.0.0.0/0").contains(Ipv4Address.parse("192.0.2.1"))).isTrue();
        assertThat(Ipv4Cidr.parse("192.0.2.4/31").firstHost()).hasToString("192.0.2.4");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.5/24")).hasMessageContaining("the block is 10.0.0.0/24");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0")).isInstanceOf(IllegalArgumentException.class);
    }
}
