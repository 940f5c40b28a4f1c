package org.stackbox.network;

import org.stackbox.common.net.Ipv4Address;

import static java.util.Objects.requireNonNull;

/**
 * The network service's settings.
 *
 * @param forwardAddress the host address forwards listen on: loopback by default, so only the host reaches guests
 * @param firstForwardPort the lowest host port a forward may take
 * @param lastForwardPort the highest, below Linux's ephemeral ports so that no outgoing connection takes one
 * @param defaultMtu the MTU of new networks (QEMU's user-mode network takes full Ethernet frames)
 */
public record NetworkConfig(String forwardAddress, int firstForwardPort, int lastForwardPort, int defaultMtu) {
    public NetworkConfig {
        Ipv4Address.parse(requireNonNull(forwardAddress, "forwardAddress is null"));
        if (firstForwardPort < 1 || lastForwardPort > 65535 || firstForwardPort > lastForwardPort) {
            throw new IllegalArgumentException("Forward ports must be a range within 1-65535: "
                    + firstForwardPort + "-" + lastForwardPort);
        }
        if (defaultMtu < 68) {
            throw new IllegalArgumentException("An MTU is at least 68: " + defaultMtu);
        }
    }

    public static NetworkConfig defaults() {
        return new NetworkConfig("127.0.0.1", 22000, 22999, 1500);
    }

    /** These settings with forwards taking host ports {@code first} to {@code last}. */
    public NetworkConfig withForwardPorts(int first, int last) {
        return new NetworkConfig(forwardAddress, first, last, defaultMtu);
    }
}
