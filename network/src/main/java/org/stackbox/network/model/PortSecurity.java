package org.stackbox.network.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a port lets through: with port security, only frames from its own MAC and addresses (and its allowed address
 * pairs), filtered by the rules of its security groups; without it, anything.
 */
public record PortSecurity(boolean enabled, List<String> securityGroupIds, List<AddressPair> allowedAddressPairs) {
    public static final PortSecurity NONE = new PortSecurity(false, List.of(), List.of());

    public PortSecurity {
        securityGroupIds = List.copyOf(securityGroupIds);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
    }

    /**
     * An address (or block) and MAC address a port may also send from, as for a virtual IP that moves between
     * servers.
     *
     * @param ipAddress an address or a CIDR block
     */
    public record AddressPair(String ipAddress, String macAddress) {
        public AddressPair {
            requireNonNull(ipAddress, "ipAddress is null");
            requireNonNull(macAddress, "macAddress is null");
        }
    }
}
