package org.stackbox.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(5)
class IpamTest {
    @ParameterizedTest(name = "{0} gateway {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "10.0.0.0/24; 10.0.0.1; 10.0.0.2-10.0.0.254",
            "10.0.0.0/24; 10.0.0.254; 10.0.0.1-10.0.0.253",
            "10.0.0.0/24; 10.0.0.100; 10.0.0.1-10.0.0.99 10.0.0.101-10.0.0.254",
            "10.0.0.0/24; ; 10.0.0.1-10.0.0.254",
            "192.168.1.0/30; 192.168.1.1; 192.168.1.2-192.168.1.2",
            "172.16.0.0/16; 172.16.0.1; 172.16.0.2-172.16.255.254"})
    void defaultPoolsAreTheHostsButTheGateway(String cidr, String gateway, String pools) {
        assertThat(Ipam.defaultPools(Ipv4Cidr.parse(cidr), gateway == null ? null : Ipv4Address.parse(gateway)))
                .extracting(AllocationPool::toString).containsExactly(pools.split(" "));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', value = {
            "10.0.0.0-10.0.0.10; OUT_OF_BOUNDS_ALLOCATION_POOL; The allocation pool 10.0.0.0-10.0.0.10 spans beyond the subnet cidr 10.0.0.0/24.",
            "10.0.0.200-10.0.0.255; OUT_OF_BOUNDS_ALLOCATION_POOL; spans beyond",
            "10.0.0.2-10.0.0.50 10.0.0.50-10.0.0.60; OVERLAPPING_ALLOCATION_POOLS; Found overlapping allocation pools: 10.0.0.2-10.0.0.50 10.0.0.50-10.0.0.60 for subnet 10.0.0.0/24.",
            "10.0.0.1-10.0.0.9; GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS; Gateway ip 10.0.0.1 conflicts with allocation pool 10.0.0.1-10.0.0.9."})
    void refusesPoolsNeutronRefuses(String pools, NeutronFault fault, String message) {
        List<AllocationPool> parsed = Arrays.stream(pools.split(" ")).map(pool -> pool.split("-"))
                .map(ends -> new AllocationPool(Ipv4Address.parse(ends[0]), Ipv4Address.parse(ends[1]))).toList();
        assertThatThrownBy(() -> Ipam.requireValidPools(Ipv4Cidr.parse("10.0.0.0/24"), Ipv4Address.parse("10.0.0.1"),
                parsed))
                .isInstanceOfSatisfying(NeutronException.class, e -> assertThat(e.fault()).isEqualTo(fault))
                .hasMessageContaining(message);
    }

    @Test
    void handsOutTheLowestFreeAddressAcrossPools() {
        List<AllocationPool> pools = List.of(pool("10.0.0.20", "10.0.0.21"), pool("10.0.0.5", "10.0.0.6"));
        assertThat(Ipam.firstFree(pools, Set.of())).contains(Ipv4Address.parse("10.0.0.5"));
        assertThat(Ipam.firstFree(pools, Set.of(address("10.0.0.5"), address("10.0.0.6"))))
                .contains(Ipv4Address.parse("10.0.0.20"));
        assertThat(Ipam.firstFree(pools, Set.of(address("10.0.0.5"), address("10.0.0.6"), address("10.0.0.20"),
                address("10.0.0.21")))).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"10.0.0.7, true", "10.0.0.250, true", "10.0.0.1, false", "10.0.0.0, false", "10.0.0.255, false",
            "10.0.1.7, false"})
    void aPortMayHoldAnyHostAddressButTheGateway(String address, boolean valid) {
        assertThat(Ipam.isValidFor(subnet("10.0.0.0/24", "10.0.0.1"), Ipv4Address.parse(address))).isEqualTo(valid);
    }

    @Test
    void theMetadataAddressIsNeverAPorts() {
        Subnet linkLocal = subnet("169.254.169.0/24", "169.254.169.1");
        assertThat(Ipam.isValidFor(linkLocal, Ipam.METADATA_ADDRESS)).isFalse();
        assertThat(Ipam.firstFree(List.of(pool("169.254.169.250", "169.254.169.254")),
                Set.of(address("169.254.169.250"), address("169.254.169.251"), address("169.254.169.252"),
                        address("169.254.169.253")))).isEmpty();
    }

    @ParameterizedTest(name = "{0} gateway {1}, guest {2}")
    @CsvSource({
            "10.0.0.0/24, 10.0.0.1, 10.0.0.2, 10.0.0.1, 10.0.0.254",
            "10.0.0.0/24, 10.0.0.1, 10.0.0.254, 10.0.0.1, 10.0.0.253",
            "10.0.0.0/24, , 10.0.0.1, 10.0.0.2, 10.0.0.254",
            "10.0.0.0/29, 10.0.0.6, 10.0.0.5, 10.0.0.6, 10.0.0.4",
            "169.254.169.0/24, 169.254.169.1, 169.254.169.2, 169.254.169.1, 169.254.169.253"})
    void aCardsNetworkHasTheGatewayAndADnsAddressBesideTheGuest(String cidr, String gateway, String guest,
                                                                 String expectedGateway, String expectedDns) {
        Ipam.Addressing addressing = Ipam.addressing(subnet(cidr, gateway), address(guest)).orElseThrow();
        assertThat(addressing.gateway()).hasToString(expectedGateway);
        assertThat(addressing.guest()).hasToString(guest);
        assertThat(addressing.dns()).hasToString(expectedDns);
    }

    @Test
    void aBlockTooSmallForThreeHostsHasNoAddressing() {
        assertThat(Ipam.addressing(subnet("10.0.0.0/30", "10.0.0.1"), address("10.0.0.2"))).isEmpty();
    }

    private static Subnet subnet(String cidr, String gateway) {
        Ipv4Cidr block = Ipv4Cidr.parse(cidr);
        Ipv4Address gatewayAddress = gateway == null ? null : Ipv4Address.parse(gateway);
        return new Subnet("subnet", "network", "project", "", "", block, gatewayAddress, true,
                Ipam.defaultPools(block, gatewayAddress), List.of(), List.of(), 0, Instant.EPOCH, Instant.EPOCH);
    }

    private static AllocationPool pool(String start, String end) {
        return new AllocationPool(address(start), address(end));
    }

    private static Ipv4Address address(String text) {
        return Ipv4Address.parse(text);
    }
}
