package org.stackbox.network;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Validated requests of the Networking API, one record per operation. In the change records an empty field keeps the
 * current value; a gateway is {@code Optional<Optional<...>>} because {@code "gateway_ip": null} removes it.
 */
public final class NetworkCommands {
    private NetworkCommands() {}

    public record NewNetwork(Optional<String> projectId, String name, String description, boolean adminStateUp,
                             boolean shared, boolean external, Optional<Integer> mtu) {
        public NewNetwork {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(mtu, "mtu is null");
        }
    }

    public record NetworkChanges(Optional<String> name, Optional<String> description, Optional<Boolean> adminStateUp,
                                 Optional<Boolean> shared, Optional<Boolean> external, Optional<Integer> mtu) {}

    public record NewSubnet(Optional<String> projectId, String networkId, String name, String description,
                            Ipv4Cidr cidr, Optional<Optional<Ipv4Address>> gateway, boolean enableDhcp,
                            Optional<List<AllocationPool>> allocationPools, List<String> dnsNameservers,
                            List<HostRoute> hostRoutes) {
        public NewSubnet {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(networkId, "networkId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(cidr, "cidr is null");
            requireNonNull(gateway, "gateway is null");
            requireNonNull(allocationPools, "allocationPools is null");
            dnsNameservers = List.copyOf(dnsNameservers);
            hostRoutes = List.copyOf(hostRoutes);
        }
    }

    public record SubnetChanges(Optional<String> name, Optional<String> description,
                                Optional<Optional<Ipv4Address>> gateway, Optional<Boolean> enableDhcp,
                                Optional<List<AllocationPool>> allocationPools,
                                Optional<List<String>> dnsNameservers, Optional<List<HostRoute>> hostRoutes) {}

    /** A fixed IP asked for: a subnet, an address, or both. */
    public record RequestedIp(Optional<String> subnetId, Optional<Ipv4Address> address) {
        public RequestedIp {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(address, "address is null");
        }
    }

    public record NewPort(Optional<String> projectId, String networkId, String name, String description,
                          boolean adminStateUp, Optional<String> macAddress, Optional<List<RequestedIp>> fixedIps,
                          String deviceId, String deviceOwner, SecurityRequest security) {
        public NewPort {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(networkId, "networkId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(macAddress, "macAddress is null");
            requireNonNull(fixedIps, "fixedIps is null");
            requireNonNull(deviceId, "deviceId is null");
            requireNonNull(deviceOwner, "deviceOwner is null");
            requireNonNull(security, "security is null");
        }
    }

    /**
     * One of a port's {@code extra_dhcp_opts} as a create or update gives it: in an update an option without a value
     * removes the port's option of that name and IP version, as in Neutron.
     */
    public record RequestedDhcpOption(String name, Optional<String> value, int ipVersion) {
        public RequestedDhcpOption {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    public record PortChanges(Optional<String> name, Optional<String> description, Optional<Boolean> adminStateUp,
                              Optional<List<RequestedIp>> fixedIps, Optional<String> deviceId,
                              Optional<String> deviceOwner, SecurityRequest security) {}

    /**
     * A port's security as a request gives it; an empty field is not given (on create: the default; on update: kept).
     *
     * @param allowedAddressPairs each pair's MAC address empty when not given (the port's own then)
     */
    public record SecurityRequest(Optional<Boolean> portSecurityEnabled, Optional<List<String>> securityGroups,
                                  Optional<List<RequestedPair>> allowedAddressPairs) {
        public static final SecurityRequest UNSPECIFIED =
                new SecurityRequest(Optional.empty(), Optional.empty(), Optional.empty());

        public SecurityRequest {
            requireNonNull(portSecurityEnabled, "portSecurityEnabled is null");
            requireNonNull(securityGroups, "securityGroups is null");
            requireNonNull(allowedAddressPairs, "allowedAddressPairs is null");
        }
    }

    public record RequestedPair(String ipAddress, Optional<String> macAddress) {
        public RequestedPair {
            requireNonNull(ipAddress, "ipAddress is null");
            requireNonNull(macAddress, "macAddress is null");
        }
    }

    public record NewSecurityGroup(Optional<String> projectId, String name, String description,
                                   Optional<Boolean> stateful) {
        public NewSecurityGroup {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(stateful, "stateful is null");
        }
    }

    public record SecurityGroupChanges(Optional<String> name, Optional<String> description,
                                       Optional<Boolean> stateful) {}

    /** A rule as Neutron's API converters leave it: protocol, ports, ethertype and prefix read, not yet checked. */
    public record NewSecurityGroupRule(Optional<String> projectId, String securityGroupId, Direction direction,
                                       Ethertype ethertype, Optional<String> protocol, Optional<Integer> portRangeMin,
                                       Optional<Integer> portRangeMax, Optional<IpPrefix> remoteIpPrefix,
                                       Optional<String> remoteGroupId, String description) {
        public NewSecurityGroupRule {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(securityGroupId, "securityGroupId is null");
            requireNonNull(direction, "direction is null");
            requireNonNull(ethertype, "ethertype is null");
            requireNonNull(protocol, "protocol is null");
            requireNonNull(portRangeMin, "portRangeMin is null");
            requireNonNull(portRangeMax, "portRangeMax is null");
            requireNonNull(remoteIpPrefix, "remoteIpPrefix is null");
            requireNonNull(remoteGroupId, "remoteGroupId is null");
            requireNonNull(description, "description is null");
        }
    }
}
