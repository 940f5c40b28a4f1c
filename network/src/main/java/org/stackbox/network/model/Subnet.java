package org.stackbox.network.model;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron subnet (IPv4 only): the block, the gateway (the host, on a user-mode network), and the pools IPAM hands
 * addresses out of.
 *
 * @param gateway {@code null} for a subnet without one
 */
public record Subnet(String id, String networkId, String projectId, String name, String description,
                     Ipv4Cidr cidr, Ipv4Address gateway, boolean enableDhcp, List<AllocationPool> allocationPools,
                     List<String> dnsNameservers, List<HostRoute> hostRoutes, int revision, Instant createdAt,
                     Instant updatedAt) {
    public Subnet {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(cidr, "cidr is null");
        allocationPools = List.copyOf(allocationPools);
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public int ipVersion() {
        return 4;
    }

    public Subnet updated(String newName, String newDescription, Ipv4Address newGateway, boolean newEnableDhcp,
                          List<AllocationPool> newPools, List<String> newDnsNameservers,
                          List<HostRoute> newHostRoutes, Instant now) {
        return new Subnet(id, networkId, projectId, newName, newDescription, cidr, newGateway, newEnableDhcp,
                newPools, newDnsNameservers, newHostRoutes, revision + 1, createdAt, now);
    }
}
