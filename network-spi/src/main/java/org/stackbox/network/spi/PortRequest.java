package org.stackbox.network.spi;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One card a server asks for: a new port on a network (perhaps at a given address), or a port the user made. */
public sealed interface PortRequest {
    /** @param securityGroupIds the port's groups (ids from {@link Ports#securityGroupIds}); empty for the default */
    record OnNetwork(String networkId, Optional<String> fixedIp, List<String> securityGroupIds) implements PortRequest {
        public OnNetwork {
            requireNonNull(networkId, "networkId is null");
            requireNonNull(fixedIp, "fixedIp is null");
            securityGroupIds = List.copyOf(securityGroupIds);
        }

        public OnNetwork(String networkId, Optional<String> fixedIp) {
            this(networkId, fixedIp, List.of());
        }
    }

    record ExistingPort(String portId) implements PortRequest {
        public ExistingPort {
            requireNonNull(portId, "portId is null");
        }
    }
}
