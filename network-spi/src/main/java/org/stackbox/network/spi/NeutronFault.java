package org.stackbox.network.spi;

import org.stackbox.common.ErrorCode;
import org.stackbox.common.ErrorKind;

/** The failures of the network service, each with Neutron's fault type (its exception's name) and kind. */
public enum NeutronFault implements ErrorCode {
    NETWORK_NOT_FOUND("NetworkNotFound", ErrorKind.NOT_FOUND),
    SUBNET_NOT_FOUND("SubnetNotFound", ErrorKind.NOT_FOUND),
    PORT_NOT_FOUND("PortNotFound", ErrorKind.NOT_FOUND),
    /** An extension this service does not have (what Neutron's extension controller answers with webob's 404). */
    EXTENSION_NOT_FOUND("HTTPNotFound", ErrorKind.NOT_FOUND),
    NETWORK_IN_USE("NetworkInUse", ErrorKind.CONFLICT),
    SUBNET_IN_USE("SubnetInUse", ErrorKind.CONFLICT),
    PORT_IN_USE("PortInUse", ErrorKind.CONFLICT),
    IP_ADDRESS_ALREADY_ALLOCATED("IpAddressAlreadyAllocated", ErrorKind.CONFLICT),
    IP_ADDRESS_GENERATION_FAILURE("IpAddressGenerationFailure", ErrorKind.CONFLICT),
    MAC_ADDRESS_IN_USE("MacAddressInUse", ErrorKind.CONFLICT),
    INVALID_IP_FOR_SUBNET("InvalidIpForSubnet", ErrorKind.INVALID),
    INVALID_IP_FOR_NETWORK("InvalidIpForNetwork", ErrorKind.INVALID),
    INVALID_INPUT("InvalidInput", ErrorKind.INVALID),
    BAD_REQUEST("HTTPBadRequest", ErrorKind.INVALID),
    POLICY_NOT_AUTHORIZED("PolicyNotAuthorized", ErrorKind.FORBIDDEN),
    INVALID_ALLOCATION_POOL("InvalidAllocationPool", ErrorKind.INVALID),
    OVERLAPPING_ALLOCATION_POOLS("OverlappingAllocationPools", ErrorKind.CONFLICT),
    OUT_OF_BOUNDS_ALLOCATION_POOL("OutOfBoundsAllocationPool", ErrorKind.INVALID),
    GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS("GatewayConflictWithAllocationPools", ErrorKind.CONFLICT),
    INVALID_SHARED_SETTING("InvalidSharedSetting", ErrorKind.CONFLICT),
    /** Stackbox's own: no free host port is left in the range forwards are made from. */
    HOST_PORT_GENERATION_FAILURE("HostPortGenerationFailure", ErrorKind.CONFLICT);

    private final String type;
    private final ErrorKind kind;

    NeutronFault(String type, ErrorKind kind) {
        this.type = type;
        this.kind = kind;
    }

    /** The {@code type} of the {@code NeutronError} body. */
    public String type() { return type; }

    @Override
    public ErrorKind kind() { return kind; }
}
