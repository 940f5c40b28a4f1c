package org.stackbox.network;

import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.NetworkCommands.RequestedIp;
import org.stackbox.network.model.HostRoute;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Validated requests of Neutron's {@code router}, {@code ext-gw-mode} and {@code extraroute} extensions, one record per
 * operation. In the change records an empty field keeps the current value (a router's {@code routes}, when given,
 * replace its routes); a gateway or a floating IP's port is
 * {@code Optional<Optional<...>>} because an empty {@code external_gateway_info} or {@code "port_id": null} removes it.
 */
public final class RouterCommands {
    private RouterCommands() {}

    /** A router's {@code external_gateway_info}: the external network, SNAT (on by default) and chosen addresses. */
    public record GatewayRequest(String networkId, Optional<Boolean> enableSnat,
                                 Optional<List<RequestedIp>> externalFixedIps) {
        public GatewayRequest {
            requireNonNull(networkId, "networkId is null");
            requireNonNull(enableSnat, "enableSnat is null");
            requireNonNull(externalFixedIps, "externalFixedIps is null");
        }
    }

    public record NewRouter(Optional<String> projectId, String name, String description, boolean adminStateUp,
                            Optional<GatewayRequest> gateway) {
        public NewRouter {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(gateway, "gateway is null");
        }
    }

    public record RouterChanges(Optional<String> name, Optional<String> description, Optional<Boolean> adminStateUp,
                                Optional<Optional<GatewayRequest>> gateway, Optional<List<HostRoute>> routes) {
        public RouterChanges {
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(adminStateUp, "adminStateUp is null");
            requireNonNull(gateway, "gateway is null");
            routes = routes.map(List::copyOf);
        }
    }

    /** {@code add_router_interface} / {@code remove_router_interface}: exactly one of a subnet and a port. */
    public record InterfaceRequest(Optional<String> subnetId, Optional<String> portId) {
        public InterfaceRequest {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(portId, "portId is null");
        }
    }

    /** What {@code add_router_interface} answers: the router, the interface's port and its subnets. */
    public record RouterInterface(String routerId, String projectId, String portId, String networkId,
                                  List<String> subnetIds) {
        public RouterInterface {
            requireNonNull(routerId, "routerId is null");
            requireNonNull(projectId, "projectId is null");
            requireNonNull(portId, "portId is null");
            requireNonNull(networkId, "networkId is null");
            subnetIds = List.copyOf(subnetIds);
        }
    }

    public record NewFloatingIp(Optional<String> projectId, String floatingNetworkId, Optional<String> subnetId,
                                Optional<Ipv4Address> floatingIpAddress, Optional<String> portId,
                                Optional<Ipv4Address> fixedIpAddress, String description) {
        public NewFloatingIp {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(floatingNetworkId, "floatingNetworkId is null");
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(floatingIpAddress, "floatingIpAddress is null");
            requireNonNull(portId, "portId is null");
            requireNonNull(fixedIpAddress, "fixedIpAddress is null");
            requireNonNull(description, "description is null");
        }
    }

    public record FloatingIpChanges(Optional<Optional<String>> portId, Optional<Ipv4Address> fixedIpAddress,
                                    Optional<String> description) {
        public FloatingIpChanges {
            requireNonNull(portId, "portId is null");
            requireNonNull(fixedIpAddress, "fixedIpAddress is null");
            requireNonNull(description, "description is null");
        }
    }
}
