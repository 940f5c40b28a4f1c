package org.stackbox.network.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.stackbox.common.auth.Caller;
import org.stackbox.network.model.Port;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A port as Neutron writes it in a create, show, update or list, in the order of the recorded samples; nulls are
 * written, except the binding details Neutron's policy shows to administrators only.
 *
 * @param bindingHostId null (and then absent) for a caller who is not an administrator, as the three after it
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "name", "network_id", "tenant_id", "project_id", "mac_address", "admin_state_up", "status",
        "device_id", "device_owner", "fixed_ips", "allowed_address_pairs", "extra_dhcp_opts", "security_groups",
        "port_security_enabled",
        "description", "binding:vnic_type", "binding:host_id", "binding:profile", "binding:vif_type",
        "binding:vif_details", "tags", "created_at", "updated_at", "revision_number"})
record PortView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("network_id") String networkId,
        @JsonProperty("tenant_id") String tenantId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("mac_address") String macAddress,
        @JsonProperty("admin_state_up") boolean adminStateUp,
        @JsonProperty("status") String status,
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("device_owner") String deviceOwner,
        @JsonProperty("fixed_ips") List<FixedIpView> fixedIps,
        @JsonProperty("allowed_address_pairs") List<AddressPairView> allowedAddressPairs,
        @JsonProperty("extra_dhcp_opts") List<DhcpOptionView> extraDhcpOptions,
        @JsonProperty("security_groups") List<String> securityGroups,
        @JsonProperty("port_security_enabled") boolean portSecurityEnabled,
        @JsonProperty("description") String description,
        @JsonProperty("binding:vnic_type") String bindingVnicType,
        @JsonProperty("binding:host_id") @JsonInclude(JsonInclude.Include.NON_NULL) String bindingHostId,
        @JsonProperty("binding:profile") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> bindingProfile,
        @JsonProperty("binding:vif_type") @JsonInclude(JsonInclude.Include.NON_NULL) String bindingVifType,
        @JsonProperty("binding:vif_details") @JsonInclude(JsonInclude.Include.NON_NULL)
        Map<String, Object> bindingVifDetails,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("revision_number") int revisionNumber) {

    /** One of a port's addresses, subnet first as in Neutron's own fixed IP dict. */
    @JsonPropertyOrder({"subnet_id", "ip_address"})
    record FixedIpView(@JsonProperty("subnet_id") String subnetId, @JsonProperty("ip_address") String ipAddress) {
        FixedIpView {
            requireNonNull(subnetId, "subnetId is null");
            requireNonNull(ipAddress, "ipAddress is null");
        }
    }

    /** An allowed address pair, address first as Neutron writes it. */
    @JsonPropertyOrder({"ip_address", "mac_address"})
    record AddressPairView(@JsonProperty("ip_address") String ipAddress,
                           @JsonProperty("mac_address") String macAddress) {
        AddressPairView {
            requireNonNull(ipAddress, "ipAddress is null");
            requireNonNull(macAddress, "macAddress is null");
        }
    }

    /** One extra DHCP option, in the order of Neutron's own dict. */
    @JsonPropertyOrder({"opt_name", "opt_value", "ip_version"})
    record DhcpOptionView(@JsonProperty("opt_name") String name, @JsonProperty("opt_value") String value,
                          @JsonProperty("ip_version") int ipVersion) {}

    PortView {
        requireNonNull(id, "id is null");
        fixedIps = List.copyOf(fixedIps);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        extraDhcpOptions = List.copyOf(extraDhcpOptions);
        securityGroups = List.copyOf(securityGroups);
        tags = List.copyOf(tags);
    }

    /** {@code status}: Neutron's, as the port service sees it now ({@code PortService.status}). */
    static PortView of(Port port, String status, Caller caller) {
        boolean admin = caller.isAdmin();
        return new PortView(port.id(), port.name(), port.networkId(), port.projectId(), port.projectId(),
                port.macAddress(), port.adminStateUp(), status, port.deviceId(), port.deviceOwner(),
                port.fixedIps().stream().map(ip -> new FixedIpView(ip.subnetId(), ip.address().toString())).toList(),
                port.security().allowedAddressPairs().stream()
                        .map(pair -> new AddressPairView(pair.ipAddress(), pair.macAddress())).toList(),
                port.dhcpOptions().stream()
                        .map(option -> new DhcpOptionView(option.name(), option.value(), option.ipVersion())).toList(),
                port.security().securityGroupIds(), port.security().enabled(), port.description(), "normal",
                admin ? (port.usedByServer() ? "stackbox" : "") : null,
                admin ? Map.of() : null,
                admin ? (port.usedByServer() ? "other" : "unbound") : null,
                admin ? Map.of() : null,
                List.of(), time(port.createdAt()), time(port.updatedAt()), port.revision());
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
