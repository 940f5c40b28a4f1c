package org.stackbox.network.spi;

import org.stackbox.common.ErrorCode;

/** The failures of the network service, each with Neutron's fault type and HTTP status. */
public enum NeutronFault {
    NETWORK_NOT_FOUND("NetworkNotFound", ErrorCode.NOT_FOUND),
    SUBNET_NOT_FOUND("SubnetNotFound", ErrorCode.NOT_FOUND),
    PORT_NOT_FOUND("PortNotFound", ErrorCode.NOT_FOUND),
    NETWORK_IN_USE("NetworkInUse", ErrorCode.CONFLICT),
    SUBNET_IN_USE("SubnetInUse", ErrorCode.CONFLICT),
    PORT_IN_USE("PortInUse", ErrorCode.CONFLICT),
    IP_ADDRESS_ALREADY_ALLOCATED("IpAddressAlreadyAllocated", ErrorCode.CONFLICT),
    IP_ADDRESS_GENERATION_FAILURE("IpAddressGenerationFailure", ErrorCode.CONFLICT),
    MAC_ADDRESS_IN_USE("MacAddressInUse", ErrorCode.CONFLICT),
    INVALID_IP_FOR_SUBNET("InvalidIpForSubnet", ErrorCode.BAD_REQUEST),
    INVALID_IP_FOR_NETWORK("InvalidIpForNetwork", ErrorCode.BAD_REQUEST),
    INVALID_INPUT("InvalidInput", ErrorCode.BAD_REQUEST),
    BAD_REQUEST("HTTPBadRequest", ErrorCode.BAD_REQUEST),
    POLICY_NOT_AUTHORIZED("PolicyNotAuthorized", ErrorCode.FORBIDDEN),
    INVALID_ALLOCATION_POOL("InvalidAllocationPool", ErrorCode.BAD_REQUEST),
    OVERLAPPING_ALLOCATION_POOLS("OverlappingAllocationPools", ErrorCode.CONFLICT),
    OUT_OF_BOUNDS_ALLOCATION_POOL("OutOfBoundsAllocationPool", ErrorCode.BAD_REQUEST),
    GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS("GatewayConflictWithAllocationPools", ErrorCode.CONFLICT),
    INVALID_SHARED_SETTING("InvalidSharedSetting", ErrorCode.CONFLICT),
    /** Stackbox's own: no free host port is left in the range forwards are made from. */
    HOST_PORT_GENERATION_FAILURE("HostPortGenerationFailure", ErrorCode.CONFLICT);

    private final String type;
    private final ErrorCode code;

    NeutronFault(String type, ErrorCode code) {
        this.type = type;
        this.code = code;
    }

    /** The {@code type} of the {@code NeutronError} body. */
    public String type() { return type; }

    public ErrorCode code() { return code; }
}
