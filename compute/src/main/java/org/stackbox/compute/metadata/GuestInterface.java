package org.stackbox.compute.metadata;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One network card as the guest should configure it, the input of {@code network_data.json}: its MAC address and,
 * when the network service knows it, its port, network and fixed address. A card without an address, or on a subnet
 * with DHCP, is configured by DHCP.
 *
 * @param portId the port (Nova's VIF id), which also names the link ({@code tap} and its first 11 characters)
 * @param mtu the link's MTU, or empty when the network leaves it to DHCP
 */
public record GuestInterface(String macAddress, Optional<String> portId, Optional<String> networkId,
                             Optional<Integer> mtu, Optional<FixedAddress> address) {
    public GuestInterface {
        requireNonNull(macAddress, "macAddress is null");
        requireNonNull(portId, "portId is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(mtu, "mtu is null");
        requireNonNull(address, "address is null");
    }

    /** A card that knows only its MAC address and gets its address by DHCP. */
    public static GuestInterface dhcp(String macAddress) {
        return new GuestInterface(macAddress, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * An IPv4 address on a subnet.
     *
     * @param cidr the subnet, {@code a.b.c.d/prefix}
     * @param dhcp whether the subnet has DHCP, in which case the guest is told to use it rather than a static address
     */
    public record FixedAddress(String ip, String cidr, Optional<String> gateway, List<String> dnsServers,
                               boolean dhcp) {
        public FixedAddress {
            requireNonNull(ip, "ip is null");
            requireNonNull(cidr, "cidr is null");
            if (!cidr.contains("/")) {
                throw new IllegalArgumentException("Not a CIDR: " + cidr);
            }
            requireNonNull(gateway, "gateway is null");
            dnsServers = List.copyOf(requireNonNull(dnsServers, "dnsServers is null"));
        }

        /** The subnet's mask in dotted form, as {@code network_data.json} writes it. */
        public String netmask() {
            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return (mask >> 24) + "." + ((mask >> 16) & 0xff) + "." + ((mask >> 8) & 0xff) + "." + (mask & 0xff);
        }
    }
}
