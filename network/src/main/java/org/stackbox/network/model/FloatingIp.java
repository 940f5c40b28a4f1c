package org.stackbox.network.model;

import org.stackbox.common.net.Ipv4Address;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron floating IP: an address of an external network (held by a port there, {@code floatingPortId}), and, while
 * associated, the port and fixed IP it leads to and the router that joins that port's subnet to the external network.
 */
public record FloatingIp(String id, String projectId, String floatingNetworkId, Ipv4Address floatingIpAddress,
                         String floatingPortId, Optional<Association> association, String description, int revision,
                         Instant createdAt, Instant updatedAt) {
    public static final String PORT_OWNER = "network:floatingip";

    public FloatingIp {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(floatingNetworkId, "floatingNetworkId is null");
        requireNonNull(floatingIpAddress, "floatingIpAddress is null");
        requireNonNull(floatingPortId, "floatingPortId is null");
        requireNonNull(association, "association is null");
        requireNonNull(description, "description is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** Where an associated floating IP leads: a port's fixed IP, through a router. */
    public record Association(String portId, Ipv4Address fixedIpAddress, String routerId) {
        public Association {
            requireNonNull(portId, "portId is null");
            requireNonNull(fixedIpAddress, "fixedIpAddress is null");
            requireNonNull(routerId, "routerId is null");
        }
    }

    /** Neutron's status: ACTIVE while associated, DOWN otherwise. */
    public String status() {
        return association.isPresent() ? "ACTIVE" : "DOWN";
    }

    public FloatingIp updated(Optional<Association> newAssociation, String newDescription, Instant now) {
        return new FloatingIp(id, projectId, floatingNetworkId, floatingIpAddress, floatingPortId, newAssociation,
                newDescription, revision + 1, createdAt, now);
    }
}
