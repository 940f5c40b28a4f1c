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
 * @param dhcpOptions its extra DHCP options, e.g. the boot file of a server that boots from the network
 */
public record Port(String id, String networkId, String projectId, String name, String description,
                   String macAddress, boolean adminStateUp, String deviceId, String deviceOwner, int deviceIndex,
                   boolean preserveOnDelete, List<FixedIp> fixedIps, List<PortForward> forwards,
                   List<DhcpOption> dhcpOptions, int revision,
                   Instant createdAt, Instant updatedAt) {
    public static final String COMPUTE_OWNER = "compute:nova";

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

    public boolean usedByServer() {
        return isBound() && deviceOwner.startsWith("compute:");
    }

    public Port withFixedIps(List<FixedIp> newFixedIps) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, deviceId, deviceOwner,
                deviceIndex, preserveOnDelete, newFixedIps, forwards, dhcpOptions, revision, createdAt, updatedAt);
    }

    public Port withForwards(List<PortForward> newForwards) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, deviceId, deviceOwner,
                deviceIndex, preserveOnDelete, fixedIps, newForwards, dhcpOptions, revision, createdAt, updatedAt);
    }

    public Port withDhcpOptions(List<DhcpOption> newDhcpOptions) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, deviceId, deviceOwner,
                deviceIndex, preserveOnDelete, fixedIps, forwards, newDhcpOptions, revision, createdAt, updatedAt);
    }

    /** The boot file its DHCP options name for IPv4, if any. */
    public java.util.Optional<String> bootFile() {
        return dhcpOptions.stream()
                .filter(option -> option.ipVersion() == 4 && option.name().equals(DhcpOption.BOOT_FILE))
                .map(DhcpOption::value).findFirst();
    }

    public Port updated(String newName, String newDescription, boolean newAdminStateUp, String newDeviceId,
                        String newDeviceOwner, Instant now) {
        return new Port(id, networkId, projectId, newName, newDescription, macAddress, newAdminStateUp, newDeviceId,
                newDeviceOwner, deviceIndex, preserveOnDelete, fixedIps, forwards, dhcpOptions, revision + 1, createdAt, now);
    }

    public Port bound(String newDeviceId, String newDeviceOwner, int newDeviceIndex, boolean newPreserveOnDelete,
                      Instant now) {
        return new Port(id, networkId, projectId, name, description, macAddress, adminStateUp, newDeviceId,
                newDeviceOwner, newDeviceIndex, newPreserveOnDelete, fixedIps, forwards, dhcpOptions, revision + 1, createdAt, now);
    }
}
