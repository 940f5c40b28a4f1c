package org.stackbox.network.spi;

import org.stackbox.common.ErrorCode;
import org.stackbox.common.ErrorKind;

/** The failures of the network service, each with Neutron's fault type (its exception's name) and kind. */
public enum NeutronFault implements ErrorCode {
    NETWORK_NOT_FOUND("NetworkNotFound", ErrorKind.NOT_FOUND),
    SUBNET_NOT_FOUND("SubnetNotFound", ErrorKind.NOT_FOUND),
    PORT_NOT_FOUND("PortNotFound", ErrorKind.NOT_FOUND),
    AGENT_NOT_FOUND("AgentNotFound", ErrorKind.NOT_FOUND),
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
    SECURITY_GROUP_NOT_FOUND("SecurityGroupNotFound", ErrorKind.NOT_FOUND),
    SECURITY_GROUP_RULE_NOT_FOUND("SecurityGroupRuleNotFound", ErrorKind.NOT_FOUND),
    SECURITY_GROUP_IN_USE("SecurityGroupInUse", ErrorKind.CONFLICT),
    SECURITY_GROUP_CANNOT_REMOVE_DEFAULT("SecurityGroupCannotRemoveDefault", ErrorKind.CONFLICT),
    SECURITY_GROUP_CANNOT_UPDATE_DEFAULT("SecurityGroupCannotUpdateDefault", ErrorKind.CONFLICT),
    SECURITY_GROUP_DEFAULT_ALREADY_EXISTS("SecurityGroupDefaultAlreadyExists", ErrorKind.CONFLICT),
    SECURITY_GROUP_RULE_EXISTS("SecurityGroupRuleExists", ErrorKind.CONFLICT),
    SECURITY_GROUP_CONFLICT("SecurityGroupConflict", ErrorKind.CONFLICT),
    SECURITY_GROUP_INVALID_PORT_RANGE("SecurityGroupInvalidPortRange", ErrorKind.INVALID),
    SECURITY_GROUP_INVALID_PORT_VALUE("SecurityGroupInvalidPortValue", ErrorKind.INVALID),
    SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT("SecurityGroupInvalidProtocolForPort", ErrorKind.INVALID),
    SECURITY_GROUP_INVALID_ICMP_VALUE("SecurityGroupInvalidIcmpValue", ErrorKind.INVALID),
    SECURITY_GROUP_MISSING_ICMP_TYPE("SecurityGroupMissingIcmpType", ErrorKind.INVALID),
    SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS("SecurityGroupProtocolRequiredWithPorts", ErrorKind.INVALID),
    SECURITY_GROUP_RULE_INVALID_PROTOCOL("SecurityGroupRuleInvalidProtocol", ErrorKind.INVALID),
    SECURITY_GROUP_RULE_INVALID_ETHERTYPE("SecurityGroupRuleInvalidEtherType", ErrorKind.INVALID),
    SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL("SecurityGroupEthertypeConflictWithProtocol", ErrorKind.INVALID),
    SECURITY_GROUP_RULE_PARAMETER_CONFLICT("SecurityGroupRuleParameterConflict", ErrorKind.INVALID),
    SECURITY_GROUP_MULTIPLE_REMOTE_ENTITES("SecurityGroupMultipleRemoteEntites", ErrorKind.INVALID),
    INVALID_CIDR("InvalidCIDR", ErrorKind.INVALID),
    PORT_SECURITY_AND_IP_REQUIRED_FOR_SECURITY_GROUPS("PortSecurityAndIPRequiredForSecurityGroups", ErrorKind.INVALID),
    PORT_SECURITY_PORT_HAS_SECURITY_GROUP("PortSecurityPortHasSecurityGroup", ErrorKind.CONFLICT),
    ADDRESS_PAIR_AND_PORT_SECURITY_REQUIRED("AddressPairAndPortSecurityRequired", ErrorKind.CONFLICT),
    ALLOWED_ADDRESS_PAIRS_MISSING_IP("AllowedAddressPairsMissingIP", ErrorKind.INVALID),
    DUPLICATE_ADDRESS_PAIR_IN_REQUEST("DuplicateAddressPairInRequest", ErrorKind.INVALID),
    ALLOWED_ADDRESS_PAIR_EXHAUSTED("AllowedAddressPairExhausted", ErrorKind.INVALID),
    OVER_QUOTA("OverQuota", ErrorKind.CONFLICT),
    ROUTER_NOT_FOUND("RouterNotFound", ErrorKind.NOT_FOUND),
    ROUTER_IN_USE("RouterInUse", ErrorKind.CONFLICT),
    ROUTER_INTERFACE_NOT_FOUND("RouterInterfaceNotFound", ErrorKind.NOT_FOUND),
    ROUTER_INTERFACE_NOT_FOUND_FOR_SUBNET("RouterInterfaceNotFoundForSubnet", ErrorKind.NOT_FOUND),
    ROUTER_INTERFACE_IN_USE_BY_FLOATING_IP("RouterInterfaceInUseByFloatingIP", ErrorKind.CONFLICT),
    ROUTER_EXTERNAL_GATEWAY_IN_USE_BY_FLOATING_IP("RouterExternalGatewayInUseByFloatingIp", ErrorKind.CONFLICT),
    /** An extra route whose nexthop the router cannot reach, or one of its own addresses (extraroute). */
    INVALID_ROUTES("InvalidRoutes", ErrorKind.INVALID),
    /** More extra routes than a router may have (extraroute's {@code max_routes}). */
    ROUTES_EXHAUSTED("RoutesExhausted", ErrorKind.INVALID),
    ROUTER_INTERFACE_IN_USE_BY_ROUTE("RouterInterfaceInUseByRoute", ErrorKind.CONFLICT),
    FLOATING_IP_NOT_FOUND("FloatingIPNotFound", ErrorKind.NOT_FOUND),
    EXTERNAL_GATEWAY_FOR_FLOATING_IP_NOT_FOUND("ExternalGatewayForFloatingIPNotFound", ErrorKind.NOT_FOUND),
    FLOATING_IP_PORT_ALREADY_ASSOCIATED("FloatingIPPortAlreadyAssociated", ErrorKind.CONFLICT),
    /** A port a router or floating IP owns, which only its owner deletes. */
    SERVICE_PORT_IN_USE("ServicePortInUse", ErrorKind.CONFLICT),
    TAG_NOT_FOUND("TagNotFound", ErrorKind.NOT_FOUND),
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
