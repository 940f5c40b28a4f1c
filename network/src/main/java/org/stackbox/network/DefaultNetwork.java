package org.stackbox.network;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkCommands.NewSubnet;
import org.stackbox.network.model.Network;
import org.stackbox.network.store.BootstrapRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The network a new cloud starts with, as devstack makes it: {@code private}, owned by the admin project and shared
 * so that every project can put servers on it, with the subnet {@code private-subnet}. Unlike devstack's, that subnet
 * is the link-local 169.254.169.0/24: on QEMU's user-mode networking a guest can reach the metadata service at
 * 169.254.169.254 only from a network that contains that address (and on any other, its requests to that address
 * would leave through the host, possibly to the host's own cloud). It is made once: an operator who deletes it does
 * not get it back at the next start.
 */
public final class DefaultNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultNetwork.class);
    static final String NAME = "private";
    static final String SUBNET_NAME = "private-subnet";
    static final String CIDR = "169.254.169.0/24";

    private final NetworkService networks;
    private final BootstrapRepository bootstrap;
    private final Clock clock;

    public DefaultNetwork(NetworkService networks, BootstrapRepository bootstrap, Clock clock) {
        this.networks = requireNonNull(networks, "networks is null");
        this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Makes the default network in the admin project unless it was made before; returns its id if it made it. */
    public Optional<String> ensure(String adminProjectId) {
        if (bootstrap.find(NAME).isPresent()) {
            return Optional.empty();
        }
        Caller admin = new Caller("stackbox-bootstrap", "stackbox-bootstrap", "default", adminProjectId, "admin",
                null, Set.of("admin"), Instant.MAX);
        Network network = networks.createNetwork(admin, new NewNetwork(Optional.empty(), NAME, "", true, true, false,
                Optional.empty()));
        networks.createSubnet(admin, new NewSubnet(Optional.empty(), network.id(), SUBNET_NAME, "",
                Ipv4Cidr.parse(CIDR), Optional.empty(), true, Optional.empty(), List.of(), List.of()));
        bootstrap.record(NAME, network.id(), clock.instant());
        LOG.info("Created the default network {} ({}, subnet {})", NAME, network.id(), CIDR);
        return Optional.of(network.id());
    }
}
