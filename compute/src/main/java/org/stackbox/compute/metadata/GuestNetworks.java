package org.stackbox.compute.metadata;

import org.stackbox.compute.model.Server;
import org.stackbox.network.spi.Ports;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The cards of a server as its guest should configure them, from the network service's ports. */
@FunctionalInterface
public interface GuestNetworks {
    List<GuestInterface> interfaces(Server server);

    /** One card per port, in card order, addressed by DHCP with the port's fixed IP. */
    static GuestNetworks fromPorts(Ports ports) {
        requireNonNull(ports, "ports is null");
        return server -> ports.forServer(server.id()).stream()
                .map(port -> new GuestInterface(port.macAddress(), Optional.of(port.portId()),
                        Optional.of(port.networkId()), Optional.empty(),
                        port.addressing().map(addressing -> new GuestInterface.FixedAddress(
                                addressing.guestAddress(), addressing.cidr(), Optional.of(addressing.gateway()),
                                List.of(addressing.dnsAddress()), true))))
                .toList();
    }
}
