package org.stackbox.network.spi;

import org.stackbox.common.auth.Caller;

import java.util.List;
import java.util.Optional;

/**
 * The network service as the compute service uses it, in process, with the same rules as the HTTP API: a caller uses
 * its project's networks and the shared ones, and its own ports. Ports made here are deleted when their server lets
 * them go; ports the user made are only unbound.
 * <p>Every server has one SSH forward (a host port reaching the guest's port 22): it goes to the server's first port,
 * or, for a server without one, to the next port it gets.
 */
public interface Ports {
    /** The network if the caller may put a server on it. */
    Optional<NetworkSummary> network(Caller caller, String networkId);

    /** The networks the caller may use: its project's and the shared ones. */
    List<NetworkSummary> availableNetworks(Caller caller);

    /**
     * Binds a port for each request to the server, in order: all or none.
     *
     * @throws NeutronException when a network or port cannot be used (not found, in use, out of addresses ...)
     */
    List<ServerPort> allocate(Caller caller, String serverId, List<PortRequest> requests);

    /** One more port for a running or stopped server (hot-plug), after its others. */
    ServerPort attach(Caller caller, String serverId, PortRequest request);

    /**
     * The port leaves the server: deleted if it was made for it, unbound otherwise.
     *
     * @throws NeutronException {@code PORT_NOT_FOUND} if the server has no such port
     */
    void detach(String serverId, String portId);

    /** Every port leaves the server, as when it is deleted. */
    void releaseAll(String serverId);

    /** The server's ports in card order. */
    List<ServerPort> forServer(String serverId);

    /**
     * The ids of the caller's security groups that {@code namesOrIds} name (a name first, as Nova resolves them).
     *
     * @throws NeutronException {@code SECURITY_GROUP_NOT_FOUND} naming the first that is none of them
     */
    List<String> securityGroupIds(Caller caller, List<String> namesOrIds);

    /** The caller's project's security groups (an administrator's too: Nova lists the project's own). */
    List<SecurityGroupSummary> securityGroups(Caller caller);

    /** Adds the group to every port of the server that has port security (Nova's addSecurityGroup). */
    void addSecurityGroup(Caller caller, String serverId, String securityGroupId);

    /**
     * Takes the group off every port of the server (Nova's removeSecurityGroup); false if no port had it.
     */
    boolean removeSecurityGroup(Caller caller, String serverId, String securityGroupId);
}
