package org.stackbox.network.spi;

import static java.util.Objects.requireNonNull;

/** A network as the compute service needs to know it before it asks for ports. */
public record NetworkSummary(String id, String name, boolean hasSubnets) {
    public NetworkSummary {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
    }
}
