package org.stackbox.network.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.api.ApiException;
import org.stackbox.api.HttpFault;
import org.stackbox.common.ServiceException;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import static org.assertj.core.api.Assertions.assertThat;

/** The network API's one mapping: Neutron's fault types and statuses, as neutron-lib's exceptions give them. */
class NetworkFaultsTest {
    @ParameterizedTest
    @CsvSource({
            "NETWORK_NOT_FOUND, NOT_FOUND, NetworkNotFound",
            "SUBNET_NOT_FOUND, NOT_FOUND, SubnetNotFound",
            "PORT_NOT_FOUND, NOT_FOUND, PortNotFound",
            "AGENT_NOT_FOUND, NOT_FOUND, AgentNotFound",
            "EXTENSION_NOT_FOUND, NOT_FOUND, HTTPNotFound",
            "NETWORK_IN_USE, CONFLICT, NetworkInUse",
            "SUBNET_IN_USE, CONFLICT, SubnetInUse",
            "PORT_IN_USE, CONFLICT, PortInUse",
            "IP_ADDRESS_ALREADY_ALLOCATED, CONFLICT, IpAddressAlreadyAllocated",
            "IP_ADDRESS_GENERATION_FAILURE, CONFLICT, IpAddressGenerationFailure",
            "MAC_ADDRESS_IN_USE, CONFLICT, MacAddressInUse",
            "INVALID_IP_FOR_SUBNET, BAD_REQUEST, InvalidIpForSubnet",
            "INVALID_IP_FOR_NETWORK, BAD_REQUEST, InvalidIpForNetwork",
            "INVALID_INPUT, BAD_REQUEST, InvalidInput",
            "BAD_REQUEST, BAD_REQUEST, HTTPBadRequest",
            "POLICY_NOT_AUTHORIZED, FORBIDDEN, PolicyNotAuthorized",
            "INVALID_ALLOCATION_POOL, BAD_REQUEST, InvalidAllocationPool",
            "OVERLAPPING_ALLOCATION_POOLS, CONFLICT, OverlappingAllocationPools",
            "OUT_OF_BOUNDS_ALLOCATION_POOL, BAD_REQUEST, OutOfBoundsAllocationPool",
            "GATEWAY_CONFLICT_WITH_ALLOCATION_POOLS, CONFLICT, GatewayConflictWithAllocationPools",
            "INVALID_SHARED_SETTING, CONFLICT, InvalidSharedSetting",
            "HOST_PORT_GENERATION_FAILURE, CONFLICT, HostPortGenerationFailure",
            "SECURITY_GROUP_NOT_FOUND, NOT_FOUND, SecurityGroupNotFound",
            "SECURITY_GROUP_RULE_NOT_FOUND, NOT_FOUND, SecurityGroupRuleNotFound",
            "SECURITY_GROUP_IN_USE, CONFLICT, SecurityGroupInUse",
            "SECURITY_GROUP_CANNOT_REMOVE_DEFAULT, CONFLICT, SecurityGroupCannotRemoveDefault",
            "SECURITY_GROUP_CANNOT_UPDATE_DEFAULT, CONFLICT, SecurityGroupCannotUpdateDefault",
            "SECURITY_GROUP_DEFAULT_ALREADY_EXISTS, CONFLICT, SecurityGroupDefaultAlreadyExists",
            "SECURITY_GROUP_RULE_EXISTS, CONFLICT, SecurityGroupRuleExists",
            "SECURITY_GROUP_CONFLICT, CONFLICT, SecurityGroupConflict",
            "SECURITY_GROUP_INVALID_PORT_RANGE, BAD_REQUEST, SecurityGroupInvalidPortRange",
            "SECURITY_GROUP_INVALID_PORT_VALUE, BAD_REQUEST, SecurityGroupInvalidPortValue",
            "SECURITY_GROUP_INVALID_PROTOCOL_FOR_PORT, BAD_REQUEST, SecurityGroupInvalidProtocolForPort",
            "SECURITY_GROUP_INVALID_ICMP_VALUE, BAD_REQUEST, SecurityGroupInvalidIcmpValue",
            "SECURITY_GROUP_MISSING_ICMP_TYPE, BAD_REQUEST, SecurityGroupMissingIcmpType",
            "SECURITY_GROUP_PROTOCOL_REQUIRED_WITH_PORTS, BAD_REQUEST, SecurityGroupProtocolRequiredWithPorts",
            "SECURITY_GROUP_RULE_INVALID_PROTOCOL, BAD_REQUEST, SecurityGroupRuleInvalidProtocol",
            "SECURITY_GROUP_RULE_INVALID_ETHERTYPE, BAD_REQUEST, SecurityGroupRuleInvalidEtherType",
            "SECURITY_GROUP_ETHERTYPE_CONFLICT_WITH_PROTOCOL, BAD_REQUEST, SecurityGroupEthertypeConflictWithProtocol",
            "SECURITY_GROUP_RULE_PARAMETER_CONFLICT, BAD_REQUEST, SecurityGroupRuleParameterConflict",
            "SECURITY_GROUP_MULTIPLE_REMOTE_ENTITES, BAD_REQUEST, SecurityGroupMultipleRemoteEntites",
            "INVALID_CIDR, BAD_REQUEST, InvalidCIDR",
            "PORT_SECURITY_AND_IP_REQUIRED_FOR_SECURITY_GROUPS, BAD_REQUEST, PortSecurityAndIPRequiredForSecurityGroups",
            "PORT_SECURITY_PORT_HAS_SECURITY_GROUP, CONFLICT, PortSecurityPortHasSecurityGroup",
            "ADDRESS_PAIR_AND_PORT_SECURITY_REQUIRED, CONFLICT, AddressPairAndPortSecurityRequired",
            "ALLOWED_ADDRESS_PAIRS_MISSING_IP, BAD_REQUEST, AllowedAddressPairsMissingIP",
            "DUPLICATE_ADDRESS_PAIR_IN_REQUEST, BAD_REQUEST, DuplicateAddressPairInRequest",
            "ALLOWED_ADDRESS_PAIR_EXHAUSTED, BAD_REQUEST, AllowedAddressPairExhausted",
            "OVER_QUOTA, CONFLICT, OverQuota",
            "ROUTER_NOT_FOUND, NOT_FOUND, RouterNotFound",
            "ROUTER_IN_USE, CONFLICT, RouterInUse",
            "ROUTER_INTERFACE_NOT_FOUND, NOT_FOUND, RouterInterfaceNotFound",
            "ROUTER_INTERFACE_NOT_FOUND_FOR_SUBNET, NOT_FOUND, RouterInterfaceNotFoundForSubnet",
            "ROUTER_INTERFACE_IN_USE_BY_FLOATING_IP, CONFLICT, RouterInterfaceInUseByFloatingIP",
            "ROUTER_EXTERNAL_GATEWAY_IN_USE_BY_FLOATING_IP, CONFLICT, RouterExternalGatewayInUseByFloatingIp",
            "INVALID_ROUTES, BAD_REQUEST, InvalidRoutes",
            "ROUTES_EXHAUSTED, BAD_REQUEST, RoutesExhausted",
            "ROUTER_INTERFACE_IN_USE_BY_ROUTE, CONFLICT, RouterInterfaceInUseByRoute",
            "FLOATING_IP_NOT_FOUND, NOT_FOUND, FloatingIPNotFound",
            "EXTERNAL_GATEWAY_FOR_FLOATING_IP_NOT_FOUND, NOT_FOUND, ExternalGatewayForFloatingIPNotFound",
            "FLOATING_IP_PORT_ALREADY_ASSOCIATED, CONFLICT, FloatingIPPortAlreadyAssociated",
            "SERVICE_PORT_IN_USE, CONFLICT, ServicePortInUse",
            "TAG_NOT_FOUND, NOT_FOUND, TagNotFound"})
    void neutronFailuresKeepTheirType(NeutronFault fault, HttpFault status, String type) {
        ApiException answer = NetworkApi.answer(new NeutronException(fault, "what happened"));
        assertThat(answer.code()).isEqualTo(status);
        assertThat(answer.faultType()).contains(type);
        assertThat(answer.getMessage()).isEqualTo("what happened");
    }

    @Test
    void everyNeutronFaultIsInTheTable() throws Exception {
        String[] table = NetworkFaultsTest.class.getDeclaredMethod("neutronFailuresKeepTheirType", NeutronFault.class,
                HttpFault.class, String.class).getAnnotation(CsvSource.class).value();
        assertThat(table).hasSize(NeutronFault.values().length);
    }

    @Test
    void otherFailuresAreAnsweredByKindWithoutAType() {
        ApiException answer = NetworkApi.answer(ServiceException.forbidden("Not yours."));
        assertThat(answer.code()).isEqualTo(HttpFault.FORBIDDEN);
        assertThat(answer.faultType()).isEmpty();
    }
}
