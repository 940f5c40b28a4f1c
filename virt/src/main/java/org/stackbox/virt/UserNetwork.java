package org.stackbox.virt;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The user-mode network behind one card, addressed like the card's port so that the guest's DHCP lease is the port's
 * address: the guest is alone on its network, so the first lease, at {@code guestAddress}, is its own.
 *
 * @param cidr the subnet, e.g. {@code 10.0.0.0/24}
 * @param gateway the host's address on it: the guest's router, DHCP server and way to the host
 * @param guestAddress the address the guest gets by DHCP: its port's fixed IP
 * @param dnsAddress where the guest finds a DNS resolver (the host's, relayed)
 * @param hostForwards ports of the host that reach the guest
 * @param netboot what the network hands a guest that boots from it, or {@code null} for nothing (then a card that
 *     boots finds no boot file and the firmware goes on to the next device)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserNetwork(String cidr, String gateway, String guestAddress, String dnsAddress,
                          List<HostForward> hostForwards, Netboot netboot) {
    public UserNetwork {
        Ipv4Cidr block = Ipv4Cidr.parse(requireNonNull(cidr, "cidr is null"));
        Set<Ipv4Address> used = new HashSet<>();
        for (String address : List.of(requireNonNull(gateway, "gateway is null"),
                requireNonNull(guestAddress, "guestAddress is null"), requireNonNull(dnsAddress, "dnsAddress is null"))) {
            Ipv4Address parsed = Ipv4Address.parse(address);
            if (!block.contains(parsed)) {
                throw new IllegalArgumentException(address + " is not in " + cidr);
            }
            if (!used.add(parsed)) {
                throw new IllegalArgumentException("The gateway, guest and DNS addresses must differ: " + address);
            }
        }
        hostForwards = List.copyOf(requireNonNull(hostForwards, "hostForwards is null"));
    }

    public UserNetwork(String cidr, String gateway, String guestAddress, String dnsAddress,
                       List<HostForward> hostForwards) {
        this(cidr, gateway, guestAddress, dnsAddress, hostForwards, null);
    }
}
