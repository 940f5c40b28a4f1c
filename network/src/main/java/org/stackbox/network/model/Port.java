package org.stackbox.network.model;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron port: a MAC address and fixed IPs on a network, bound to a device (a server's card) or not.
 *
 * @param deviceId the server (or other device) using the port; empty when unbound
 * @param deviceIndex the place of the port among its device's ports (the server's card order)
 * @param preserveOnDelete whether the port outlives its server (a port the user made and handed to Nova does)
 * @param security its port security, security groups and allowed address pairs
 * @param dhcpOptions its extra DHCP options, e.g. the boot file of a server that boots from the network
 */
public record Port(String id, String networkId, String projectId, String name, String description,
                   String macAddress, boolean adminStateUp, String deviceId, String deviceOwner, int deviceIndex,
                   boolean preserveOnDelete, List<FixedIp> fixedIps, List<PortForward> forwards,
                   PortSecurity security, List<DhcpOption> dhcpOptions, int revision, Instant createdAt,
                   Instant updatedAt) {
    public static final String COMPUTE_OWNER = "compute:nova";
    /** The owner of the port a network's DHCP server (and metadata proxy) answers on. */
    public static final String DHCP_OWNER = "network:dhcp";

    public Port {
        requireNonNull(id, "id is null");
        requireNonNull(networkId, "networkId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(macAddress, "macAddress is null");
        requireNonNull(deviceId, "deviceId is null");
        requireNonNull(deviceOwner, "deviceOwner is null");
        fixedIps = List.copyOf(fixedIps);
        forwards = List.copyOf(forwards);
        requireNonNull(security, "security is null");
        dhcpOptions = List.copyOf(dhcpOptions);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public boolean isBound() {
        return !deviceId.isEmpty();
    }

    /** Neutron's status: a port in use by a device is ACTIVE, others DOWN. */
    public String status() {
        return isBound() && adminStateUp ? "ACTIVE" : "DOWN";
    }

    public boolean isDhcp() {
        return deviceOwner.equals(DHCP_OWNER);
    }

    public boolean usedByServer() {
        return isBound() && deviceOwner.startsWith("compute:");
    }

    public Port withFixedIps(List<FixedIp> newFixedIps) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, deviceId, deviceOwner,
                deviceIndex, preserveOnDelete, newFixedIps, forwards, security, dhcpOptions,
                revision, createdAt, updatedAt);
    }

    public Port withForwards(List<PortForward> newForwards) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, deviceId, deviceOwner,
                deviceIndex, preserveOnDelete, fixedIps, newForwards, security, dhcpOptions,
                revision, createdAt, updatedAt);
    }

    public Port updated(String newName, String newDescription, boolean newAdminStateUp, String newDeviceId,
                        String newDeviceOwner, Instant now) {
        return new Port(id, networkId, projectId, newName, newDescription, macAddress, newAdminStateUp, newDeviceId,
                newDeviceOwner, deviceIndex, preserveOnDelete, fixedIps, forwards, security, dhcpOptions,
                revision + 1, createdAt, now);
    }

    public Port withDhcpOptions(List<DhcpOption> newDhcpOptions) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, deviceId, deviceOwner,
                deviceIndex, preserveOnDelete, fixedIps, forwards, security, newDhcpOptions, revision, createdAt,
                updatedAt);
    }

    /** The boot file its DHCP options name for IPv4, if any. */
    public java.util.Optional<String> bootFile() {
        return dhcpOptions.stream()
                .filter(option -> option.ipVersion() == 4 && option.name().equals(DhcpOption.BOOT_FILE))
                .map(DhcpOption::value).findFirst();
    }

    public Port withSecurity(PortSecurity newSecurity) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, deviceId, deviceOwner,
                deviceIndex, preserveOnDelete, fixedIps, forwards, newSecurity, dhcpOptions,
                revision, createdAt, updatedAt);
    }

    /** Neutron's trusted ports (a router's or DHCP server's, {@code network:...}) take no security groups. */
    public static boolean isTrusted(String deviceOwner) {
        return deviceOwner.startsWith("network:");
    }

    public Port bound(String newDeviceId, String newDeviceOwner, int newDeviceIndex, boolean newPreserveOnDelete,
                      Instant now) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, newDeviceId,
                newDeviceOwner, newDeviceIndex, newPreserveOnDelete, fixedIps, forwards, security, dhcpOptions,
                revision + 1, createdAt, now);
    }
}
