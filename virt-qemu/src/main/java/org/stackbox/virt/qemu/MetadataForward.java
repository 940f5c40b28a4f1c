package org.stackbox.virt.qemu;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The guest's way to the metadata service on a user-mode network: a {@code guestfwd} rule that makes QEMU run
 * {@code socat} for each connection the guest opens to {@code 169.254.169.254:80}, joining it to the domain's
 * metadata socket, on which Stackbox answers for this server alone.
 * <p>libslirp (4.7, QEMU 7.2) accepts a {@code guestfwd} address only inside the netdev's own network, and not its
 * host or DNS address: an address outside is refused at start-up ({@code check_guestfwd}), and a connection to it
 * would go out through the host instead ({@code tcp_input} looks for forwards only inside the network). So the
 * metadata address is served on networks that contain it; {@link #NETWORK_WITHOUT_SUBNET} is such a network, and
 * a card on another network gets no forward (the guest still has its config drive).
 */
final class MetadataForward {
    static final String ADDRESS = "169.254.169.254";
    static final int PORT = 80;
    /**
     * The user-mode network of a card that names no subnet: link-local, so that it holds the metadata address. The
     * guest gets {@code 169.254.169.15} by DHCP, with the gateway {@code .2} and DNS {@code .3} as in QEMU's default.
     */
    static final String NETWORK_WITHOUT_SUBNET = "169.254.169.0/24";

    private MetadataForward() {}

    /**
     * Adds the metadata forward to a user netdev whose {@code net} holds the metadata address; a netdev without a
     * {@code net} is put on {@link #NETWORK_WITHOUT_SUBNET} first.
     */
    static void addTo(ObjectNode netdev, Path metadataSocket) {
        requireNonNull(netdev, "netdev is null");
        if (!netdev.has("net")) {
            netdev.put("net", NETWORK_WITHOUT_SUBNET);
        }
        rule(netdev.path("net").asText(), metadataSocket)
                .ifPresent(rule -> netdev.putArray("guestfwd").addObject().put("str", rule));
    }

    /** The {@code guestfwd} rule for a card on {@code network} (CIDR), if the network holds the metadata address. */
    static Optional<String> rule(String network, Path metadataSocket) {
        requireNonNull(metadataSocket, "metadataSocket is null");
        if (!contains(network, ADDRESS)) {
            return Optional.empty();
        }
        // QEMU splits the command as a shell would (g_shell_parse_argv) and runs it without a shell. socat's own
        // messages would go to the guest on the connection, so they go nowhere.
        return Optional.of("tcp:" + ADDRESS + ":" + PORT + "-cmd:socat -lf /dev/null STDIO "
                + singleQuoted("UNIX-CONNECT:" + metadataSocket));
    }

    /** Whether the IPv4 {@code address} lies in {@code network}, given as {@code a.b.c.d/prefix}. */
    static boolean contains(String network, String address) {
        return Ipv4Cidr.parse(network).contains(Ipv4Address.parse(address));
    }

    private static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
