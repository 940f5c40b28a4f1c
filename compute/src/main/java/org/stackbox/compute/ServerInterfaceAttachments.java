package org.stackbox.compute;

import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.network.spi.ServerPort;
import org.stackbox.virt.Hypervisor;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The server's network cards ({@code os-interface}): its ports, and cards plugged in and out. */
public final class ServerInterfaceAttachments {
    private final ServerNetworks networks;
    private final Hypervisor hypervisor;
    private final ServerTransitions transitions;
    private final ComputeConfig config;

    ServerInterfaceAttachments(ServerNetworks networks, Hypervisor hypervisor, ServerTransitions transitions,
                               ComputeConfig config) {
        this.networks = requireNonNull(networks, "networks is null");
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
        this.transitions = requireNonNull(transitions, "transitions is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** The server's ports in card order: its addresses, MAC addresses and forwards. */
    public List<ServerPort> list(Caller caller, String serverId) {
        transitions.get(caller, serverId);
        return networks.forServer(serverId);
    }

    /** The ports of a server the caller has found already (for the server views). */
    public List<ServerPort> of(Server server) {
        return networks.forServer(server.id());
    }

    public ServerPort get(Caller caller, String serverId, String portId) {
        transitions.get(caller, serverId);
        return networks.find(serverId, portId).orElseThrow(() ->
                ServiceException.notFound("Port %s is not attached", portId));
    }

    /**
     * Binds a port to the server and plugs its card ({@code openstack server add network/port}): into the running
     * guest, or into the definition of a stopped one. On failure the port is released again.
     */
    public ServerPort attach(Caller caller, String serverId, Optional<String> networkId, Optional<String> portId,
                             Optional<String> fixedIp) {
        Server server = transitions.begin(caller, serverId, ServerAction.ATTACH_INTERFACE);
        return transitions.runChecked(caller, server, ServerAction.ATTACH_INTERFACE, "compute_attach_interface", () -> {
            ServerPort port = networks.attach(caller, serverId, networkId, portId, fixedIp);
            try {
                hypervisor.attachInterface(serverId, ServerNetworks.card(port));
            } catch (RuntimeException e) {
                ServerBuilder.quietly(() -> networks.detach(serverId, port.portId()));
                throw e;
            }
            transitions.saveDomainSpec(serverId);
            return port;
        });
    }

    /** The caller's project's security groups, for Nova's proxy API. */
    public List<org.stackbox.network.spi.SecurityGroupSummary> securityGroups(Caller caller) {
        return networks.securityGroups(caller);
    }

    /** Nova's addSecurityGroup: the group (a name or id of the caller's) on every port of the server. */
    public void addSecurityGroup(Caller caller, String serverId, String group) {
        transitions.get(caller, serverId);
        networks.addSecurityGroup(caller, serverId, group);
    }

    /** Nova's removeSecurityGroup: the group off every port of the server; 400 if none has it. */
    public void removeSecurityGroup(Caller caller, String serverId, String group) {
        transitions.get(caller, serverId);
        networks.removeSecurityGroup(caller, serverId, group);
    }

    /** Unplugs the port's card (the running guest must release it) and lets the port go. */
    public void detach(Caller caller, String serverId, String portId) {
        ServerPort port = get(caller, serverId, portId);
        Server server = transitions.begin(caller, serverId, ServerAction.DETACH_INTERFACE);
        transitions.runChecked(caller, server, ServerAction.DETACH_INTERFACE, "compute_detach_interface", () -> {
            if (hypervisor.definition(serverId).networkInterface(port.macAddress()).isPresent()) {
                hypervisor.detachInterface(serverId, port.macAddress(), config.detachTimeout());
            }
            networks.detach(serverId, portId);
            transitions.saveDomainSpec(serverId);
            return null;
        });
    }
}
