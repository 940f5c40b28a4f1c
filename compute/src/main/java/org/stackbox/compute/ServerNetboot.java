package org.stackbox.compute;

import org.stackbox.compute.store.ServerRepository;
import org.stackbox.virt.Hypervisor;

import static java.util.Objects.requireNonNull;

/**
 * A server's network boot brought up to date in its domain's definition just before the domain is powered on: the
 * boot order its metadata says now ({@link BootOrder}) and what its ports' networks hand a booting guest now. Doing it
 * at power on, from what the database and the network service hold, is what makes a change made while the server ran,
 * or before Stackbox restarted, apply at the next boot.
 */
final class ServerNetboot {
    private final ServerRepository servers;
    private final ServerNetworks networks;
    private final Hypervisor hypervisor;

    ServerNetboot(ServerRepository servers, ServerNetworks networks, Hypervisor hypervisor) {
        this.servers = requireNonNull(servers, "servers is null");
        this.networks = requireNonNull(networks, "networks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
    }

    void prepare(String serverId) {
        servers.findById(serverId).ifPresent(server -> hypervisor.setNetworkBoot(serverId,
                BootOrder.of(server.metadata()),
                NetbootImages.withScript(ServerNetworks.cards(networks.forServer(serverId)), server.metadata())));
    }
}
