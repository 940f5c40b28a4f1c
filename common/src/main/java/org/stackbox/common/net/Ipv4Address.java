package org.stackbox.common.net;

/**
 * An IPv4 address as an unsigned 32-bit number. Only the strict dotted quad is accepted ({@code 10.0.0.5}; no
 * leading zeros, no shortened forms), as Neutron's validators do.
 */
public record Ipv4Address(long value) implements Comparable<Ipv4Address> {
    public Ipv4Address {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Not an IPv4 address: " + value);
        }
    }

    public static Ipv4Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Not an IPv4 address: null");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("Not an IPv4 address: " + text);
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new IllegalArgumentException("Not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("Not an IPv4 address: " + text);
            }
            value = value << 8 | octet;
        }
        return new Ipv4Address(value);
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The address {@code offset} places further (or back, when negative). */
    public Ipv4Address plus(long offset) {
        return new Ipv4Address(value + offset);
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return (value >> 24 & 0xFF) + "." + (value >> 16 & 0xFF) + "." + (value >> 8 & 0xFF) + "." + (value & 0xFF);
    }
}
