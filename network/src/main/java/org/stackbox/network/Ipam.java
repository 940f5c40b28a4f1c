package org.stackbox.network;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.Subnet;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Address management, as pure functions: Neutron's default pools and their checks, the lowest free address of a
 * subnet's pools, and whether an address may be a port's.
 */
public final class Ipam {
    /**
     * The metadata service's address. A user-mode card can serve it only on a network that contains it, so on such a
     * subnet it is never a port's, nor the card's DNS address.
     */
    public static final Ipv4Address METADATA_ADDRESS = Ipv4Address.parse("169.254.169.254");

    private Ipam() {}

    /** Every host address of the block but the gateway, as Neutron makes the pools when none are given. */
    public static List<AllocationPool> defaultPools(Ipv4Cidr cidr, Ipv4Address gateway) {
        Ipv4Address first = cidr.firstHost();
        Ipv4Address last = cidr.lastHost();
        if (gateway == null || !cidr.contains(gateway) || gateway.compareTo(first) < 0 || gateway.compareTo(last) > 0) {
            return List.of(new AllocationPool(first, last));
        }
        List<AllocationPool> pools = new ArrayList<>();
        if (gateway.compareTo(first) > 0) {
            pools.add(new AllocationPool(first, gateway.plus(-1)));
        }
        if (gateway.compareTo(last) < 0) {
            pools.add(new AllocationPool(gateway.plus(1), last));
        }
        return pools;
    }

    /** Refuses pools outside the block's host addresses, overlapping pools, and a gateway inside a pool. */
    public static void requireValidPools(Ipv4Cidr cidr, Ipv4Address gateway, List<AllocationPool> pools) {
        for (AllocationPool pool : pools) {
            if (!cidr.contains(pool.start()) || !cidr.contains(pool.end())
                    || pool.start().compareTo(cidr.firstHost()) < 0 || pool.end().compareTo(cidr.lastHost()) > 0) {
                throw new NeutronException(NeutronFault.OUT_OF_BOUNDS_ALLOCATION_POOL,
                        "The allocation pool %s spans beyond the subnet cidr %s.".formatted(pool, cidr));
            }
        }
        List<AllocationPool> sorted = pools.stream().sorted(Comparator.comparing(AllocationPool::start)).toList();
        for (int index = 1; index < sorted.size(); index++) {
            if (sorted.get(index - 1).overlaps(sorted.get(index))) {
                throw new NeutronException(NeutronFault.OVERLAPPING_ALLOCATION_POOLS,
                        "Found overlapping allocation pools: %s %s for subnet %s.".formatted(sorted.get(index - 1),
                                sorted.get(index), cidr));
            }
        }
        if (gateway != null) {
            for (AllocationPool pool : pools) {
                if (pool.contains(gateway)) {
                    throw new NeutronException(NeutronFault.GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS,
                            "Gateway ip %s conflicts with allocation pool %s.".formatted(gateway, pool));
                }
            }
        }
    }

    /** The lowest address of the pools that is not used (nor the metadata address). */
    public static Optional<Ipv4Address> firstFree(List<AllocationPool> pools, Set<Ipv4Address> used) {
        List<AllocationPool> sorted = pools.stream().sorted(Comparator.comparing(AllocationPool::start)).toList();
        for (AllocationPool pool : sorted) {
            for (long value = pool.start().value(); value <= pool.end().value(); value++) {
                Ipv4Address candidate = new Ipv4Address(value);
                if (!used.contains(candidate) && !candidate.equals(METADATA_ADDRESS)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a port may hold the address on the subnet: a host address of the block, not the gateway nor the metadata
     * address. It need not be in a pool: Neutron lets a port ask for any address of the block.
     */
    public static boolean isValidFor(Subnet subnet, Ipv4Address address) {
        Ipv4Cidr cidr = subnet.cidr();
        return cidr.contains(address) && address.compareTo(cidr.firstHost()) >= 0
                && address.compareTo(cidr.lastHost()) <= 0 && !address.equals(subnet.gateway())
                && !address.equals(METADATA_ADDRESS);
    }

    /**
     * How a card's user-mode network is addressed for a guest at {@code guest}: the subnet's gateway is the host (or,
     * on a subnet without one, its lowest free host address), and DNS answers at the highest host address that is
     * neither (nor the metadata address). Each card is alone on its network, so these addresses need not be free on the Neutron network. Empty
     * when the block is too small for three hosts.
     */
    public static Optional<Addressing> addressing(Subnet subnet, Ipv4Address guest) {
        Ipv4Cidr cidr = subnet.cidr();
        Ipv4Address gateway = subnet.gateway();
        if (gateway == null || !cidr.contains(gateway) || gateway.equals(guest)) {
            gateway = null;
            for (long value = cidr.firstHost().value(); value <= cidr.lastHost().value(); value++) {
                if (value != guest.value()) {
                    gateway = new Ipv4Address(value);
                    break;
                }
            }
        }
        if (gateway == null) {
            return Optional.empty();
        }
        for (long value = cidr.lastHost().value(); value >= cidr.firstHost().value(); value--) {
            if (value != guest.value() && value != gateway.value() && value != METADATA_ADDRESS.value()) {
                return Optional.of(new Addressing(cidr, gateway, guest, new Ipv4Address(value)));
            }
        }
        return Optional.empty();
    }

    public record Addressing(Ipv4Cidr cidr, Ipv4Address gateway, Ipv4Address guest, Ipv4Address dns) {}
}
