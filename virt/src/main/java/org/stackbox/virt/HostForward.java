package org.stackbox.virt;

import org.stackbox.common.net.Ipv4Address;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A port on the host that reaches a port of the guest through its user-mode network: Stackbox's answer where
 * OpenStack would use a floating IP (the guest cannot be reached from outside in any other way).
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param hostAddress the host address the forward listens on, e.g. {@code 127.0.0.1}
 */
public record HostForward(String protocol, String hostAddress, int hostPort, int guestPort) {
    public HostForward {
        requireNonNull(protocol, "protocol is null");
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("A forward is tcp or udp: " + protocol);
        }
        Ipv4Address.parse(requireNonNull(hostAddress, "hostAddress is null"));
        requirePort(hostPort, "host port");
        requirePort(guestPort, "guest port");
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The " + what + " is 1 to 65535: " + port);
        }
    }
}
