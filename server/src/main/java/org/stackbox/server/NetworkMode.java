package org.stackbox.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How a cloud's guests are networked, chosen at start ({@code serve --network-mode}): {@code user}, each card a QEMU
 * user-mode network of its own, needing no privilege; or {@code bridged}, a Linux bridge per network and a tap per port
 * in a namespace of the cloud's own, with DHCP, which needs {@code CAP_NET_ADMIN} (root) to make network devices.
 */
enum NetworkMode {
    USER, BRIDGED;

    /** {@code CAP_NET_ADMIN}'s bit in a capability set (linux/capability.h). */
    private static final int CAP_NET_ADMIN = 12;

    /** {@code user} or {@code bridged}, in either case; empty means user. */
    static NetworkMode parse(String value) {
        if (value == null || value.isBlank()) {
            return USER;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--network-mode (or STACKBOX_NETWORK_MODE) takes user or bridged, not '%s'".formatted(value));
        }
    }

    /** Whether this process may make network devices: {@code CAP_NET_ADMIN} in its effective set. */
    static boolean mayMakeNetworkDevices() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long capabilities = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (capabilities & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
