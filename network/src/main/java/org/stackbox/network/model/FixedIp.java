package org.stackbox.network.model;

import org.stackbox.common.net.Ipv4Address;

import static java.util.Objects.requireNonNull;

/** An address a port holds on one of its network's subnets. */
public record FixedIp(String subnetId, Ipv4Address address) {
    public FixedIp {
        requireNonNull(subnetId, "subnetId is null");
        requireNonNull(address, "address is null");
    }
}
