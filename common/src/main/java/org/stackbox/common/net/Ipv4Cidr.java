package org.stackbox.common.net;

import static java.util.Objects.requireNonNull;

/**
 * An IPv4 block such as {@code 10.0.0.0/24}: the network address (host bits zero) and the prefix length.
 */
public record Ipv4Cidr(Ipv4Address network, int prefixLength) {
    public Ipv4Cidr {
        requireNonNull(network, "network is null");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("A prefix length is 0 to 32: " + prefixLength);
        }
        if ((network.value() & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(network + "/" + prefixLength + " has host bits set; the block is "
                    + new Ipv4Address(network.value() & mask(prefixLength)) + "/" + prefixLength);
        }
    }

    /** Parses {@code a.b.c.d/n}; a block with host bits set is refused (the message names the right block). */
    public static Ipv4Cidr parse(String text) {
        requireNonNull(text, "text is null");
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Not a CIDR block: " + text);
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("Not a CIDR block: " + text);
        }
        return new Ipv4Cidr(Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(length));
    }

    public boolean contains(Ipv4Address address) {
        return (address.value() & mask(prefixLength)) == network.value();
    }

    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (network.value() & mask(shorter)) == (other.network.value() & mask(shorter));
    }

    /** The last address of the block: the broadcast address, for blocks that have one. */
    public Ipv4Address last() {
        return new Ipv4Address(network.value() | (~mask(prefixLength) & 0xFFFF_FFFFL));
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The first address a host may have: the network address itself for /31 and /32, the next one otherwise. */
    public Ipv4Address firstHost() {
        return prefixLength >= 31 ? network : network.plus(1);
    }

    /** The last address a host may have: the broadcast address is not one, except in /31 and /32. */
    public Ipv4Address lastHost() {
        return prefixLength >= 31 ? last() : last().plus(-1);
    }

    /** The dotted netmask, e.g. {@code 255.255.255.0}. */
    public Ipv4Address netmask() {
        return new Ipv4Address(mask(prefixLength));
    }

    private static long mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
