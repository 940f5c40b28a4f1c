package org.stackbox.network.spi;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One card a server asks for: a new port on a network (perhaps at a given address), or a port the user made. */
public sealed interface PortRequest {
    record OnNetwork(String networkId, Optional<String> fixedIp) implements PortRequest {
        public OnNetwork {
            requireNonNull(networkId, "networkId is null");
            requireNonNull(fixedIp, "fixedIp is null");
        }
    }

    record ExistingPort(String portId) implements PortRequest {
        public ExistingPort {
            requireNonNull(portId, "portId is null");
        }
    }
}
