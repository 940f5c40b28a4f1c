package org.stackbox.compute.metadata;

import org.stackbox.compute.model.Server;

import java.util.List;
import java.util.Optional;

/**
 * The cards of a server as its guest should configure them. The network service will say this from the server's
 * ports; until then {@link #FROM_SERVER} knows the one card's MAC address, which gets its address by DHCP.
 */
@FunctionalInterface
public interface GuestNetworks {
    List<GuestInterface> interfaces(Server server);

    GuestNetworks FROM_SERVER = server -> server.macAddress() == null ? List.of()
            : List.of(new GuestInterface(server.macAddress(), Optional.empty(),
                    server.networks().stream().filter(id -> !id.equals("auto")).findFirst(), Optional.empty(),
                    Optional.empty()));
}
