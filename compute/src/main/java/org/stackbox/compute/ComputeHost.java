package org.stackbox.compute;

import org.stackbox.compute.model.Server;
import org.stackbox.compute.store.ServerRepository;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.HypervisorDescription;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * This host as an operator's views show it (Nova's hypervisors and services): what runs the guests, the resources
 * it has and what its servers claim, and the servers on it. Stackbox is one compute host, {@value HostCapacity#HOST_NAME}.
 */
public final class ComputeHost {
    /** The host's id where microversions show UUIDs: the same on every start, made from its name. */
    public static final String UUID_OF_HOST = UUID.nameUUIDFromBytes(
            ("stackbox-host:" + HostCapacity.HOST_NAME).getBytes(StandardCharsets.UTF_8)).toString();

    private final HostCapacity capacity;
    private final ServerRepository servers;
    private final Hypervisor hypervisor;
    private final Instant started;

    public ComputeHost(HostCapacity capacity, ServerRepository servers, Hypervisor hypervisor, Instant started) {
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.started = requireNonNull(started, "started is null");
    }

    public HypervisorDescription description() {
        return hypervisor.description();
    }

    public HostCapacity.Resources total() {
        return capacity.total();
    }

    public HostCapacity.Resources used() {
        return capacity.used();
    }

    /** The servers placed on this host (every live server that was scheduled). */
    public List<Server> servers() {
        return servers.listLive(Optional.empty()).stream().filter(server -> server.host() != null).toList();
    }

    /** When this host's compute service last started: its services' {@code updated_at}. */
    public Instant started() {
        return started;
    }
}
