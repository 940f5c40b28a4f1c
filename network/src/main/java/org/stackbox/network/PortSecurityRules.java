package org.stackbox.network;

import org.stackbox.common.auth.Caller;
import org.stackbox.network.NetworkCommands.RequestedPair;
import org.stackbox.network.NetworkCommands.SecurityRequest;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.PortSecurity;
import org.stackbox.network.model.PortSecurity.AddressPair;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Neutron's port security rules (the port-security, security-group and allowed-address-pairs extensions): a port
 * without port security has no security groups and no address pairs; a new port that names no group gets its
 * project's default group, unless it is a router's or DHCP server's ({@code network:...}) or has no port security.
 */
final class PortSecurityRules {
    private final SecurityGroupService securityGroups;

    PortSecurityRules(SecurityGroupService securityGroups) {
        this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
    }

    PortSecurity forNewPort(Caller caller, String projectId, String deviceOwner, String macAddress, boolean hasIp,
                            SecurityRequest request) {
        boolean enabled = request.portSecurityEnabled().orElse(true);
        List<AddressPair> pairs = pairs(request.allowedAddressPairs().orElse(List.of()), macAddress);
        if (!enabled && !pairs.isEmpty()) {
            throw pairsNeedPortSecurity();
        }
        List<String> groups;
        if (request.securityGroups().isPresent()) {
            groups = request.securityGroups().get();
            if (!groups.isEmpty() && !(enabled && hasIp)) {
                throw groupsNeedPortSecurity();
            }
            groups = securityGroups.requireUsable(caller, projectId, groups);
        } else if (enabled && !Port.isTrusted(deviceOwner)) {
            groups = securityGroups.ensureDefault(caller, projectId).map(List::of).orElse(List.of());
        } else {
            groups = List.of();
        }
        return new PortSecurity(enabled, groups, pairs);
    }

    /** The port's security after an update, or empty when the update does not touch it. */
    Optional<PortSecurity> forUpdate(Caller caller, Port port, SecurityRequest request) {
        if (request.equals(SecurityRequest.UNSPECIFIED)) {
            return Optional.empty();
        }
        PortSecurity current = port.security();
        boolean enabled = request.portSecurityEnabled().orElse(current.enabled());
        List<AddressPair> pairs = request.allowedAddressPairs().map(asked -> pairs(asked, port.macAddress()))
                .orElse(current.allowedAddressPairs());
        List<String> groups = request.securityGroups()
                .map(asked -> securityGroups.requireUsable(caller, port.projectId(), asked))
                .orElse(current.securityGroupIds());
        if (!enabled && !groups.isEmpty()) {
            throw request.securityGroups().isPresent() ? groupsNeedPortSecurity()
                    : new NeutronException(NeutronFault.PORT_SECURITY_PORT_HAS_SECURITY_GROUP, ("Port has security "
                            + "group associated. Cannot disable port security or IP address until security group is "
                            + "removed."));
        }
        if (!enabled && !pairs.isEmpty()) {
            throw pairsNeedPortSecurity();
        }
        if (!groups.isEmpty() && port.fixedIps().isEmpty()) {
            throw groupsNeedPortSecurity();
        }
        return Optional.of(new PortSecurity(enabled, groups, pairs));
    }

    private static List<AddressPair> pairs(List<RequestedPair> requested, String macAddress) {
        return requested.stream().map(pair -> new AddressPair(pair.ipAddress(), pair.macAddress().orElse(macAddress)))
                .toList();
    }

    private static NeutronException groupsNeedPortSecurity() {
        return new NeutronException(NeutronFault.PORT_SECURITY_AND_IP_REQUIRED_FOR_SECURITY_GROUPS, ("Port security "
                + "must be enabled and port must have an IP address in order to use security groups."));
    }

    private static NeutronException pairsNeedPortSecurity() {
        return new NeutronException(NeutronFault.ADDRESS_PAIR_AND_PORT_SECURITY_REQUIRED,
                "Port Security must be enabled in order to have allowed address pairs on a port.");
    }
}
