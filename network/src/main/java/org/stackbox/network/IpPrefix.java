package org.stackbox.network;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv6Text;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An IPv4 or IPv6 address with a prefix length, as netaddr's {@code IPNetwork} reads it for Neutron: an address
 * alone is a host prefix ({@code /32}, {@code /128}); the text keeps the host bits ({@code 10.0.0.5/24}) and
 * {@link #network()} clears them ({@code 10.0.0.0/24}, Neutron's {@code normalized_cidr}).
 */
public record IpPrefix(int version, BigInteger address, int length) {
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:.]+");

    public IpPrefix {
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("An IP version is 4 or 6: " + version);
        }
        requireNonNull(address, "address is null");
        if (length < 0 || length > bits(version)) {
            throw new IllegalArgumentException("Prefix length out of range: " + length);
        }
    }

    /** The prefix, or empty for text that is not an address with an optional prefix length. */
    public static Optional<IpPrefix> parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        Optional<IpPrefix> host = host(parts[0]);
        if (host.isEmpty() || parts.length == 1) {
            return host;
        }
        try {
            int length = Integer.parseInt(parts[1]);
            if (!parts[1].matches("\\d{1,3}") || length > bits(host.get().version())) {
                return Optional.empty();
            }
            return Optional.of(new IpPrefix(host.get().version(), host.get().address(), length));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<IpPrefix> host(String text) {
        if (Ipv4Address.isValid(text)) {
            return Optional.of(new IpPrefix(4, BigInteger.valueOf(Ipv4Address.parse(text).value()), 32));
        }
        // Only text made of IPv6's characters with a colon is handed to InetAddress, which then never asks DNS.
        if (!text.contains(":") || !IPV6_TEXT.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return bytes.length == 16 ? Optional.of(new IpPrefix(6, new BigInteger(1, bytes), 128)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The same block with the host bits cleared. */
    public IpPrefix network() {
        int hostBits = bits(version) - length;
        return new IpPrefix(version, address.shiftRight(hostBits).shiftLeft(hostBits), length);
    }

    public boolean isHost() {
        return length == bits(version);
    }

    /** The address alone, in its canonical text. */
    public String addressText() {
        if (version == 4) {
            return new Ipv4Address(address.longValueExact()).toString();
        }
        byte[] raw = address.toByteArray();
        byte[] bytes = new byte[16];
        int copied = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - copied, bytes, 16 - copied, copied);
        try {
            return Ipv6Text.canonical(InetAddress.getByAddress(bytes).getHostAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return addressText() + "/" + length;
    }

    private static int bits(int version) {
        return version == 4 ? 32 : 128;
    }
}
