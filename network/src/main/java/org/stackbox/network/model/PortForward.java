package org.stackbox.network.model;

import static java.util.Objects.requireNonNull;

/**
 * A host port that reaches a port of the guest behind a Neutron port: what Stackbox offers where OpenStack would
 * associate a floating IP.
 */
public record PortForward(String portId, String protocol, String hostAddress, int hostPort, int guestPort) {
    public PortForward {
        requireNonNull(portId, "portId is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(hostAddress, "hostAddress is null");
    }
}
