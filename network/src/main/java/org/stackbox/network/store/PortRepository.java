package org.stackbox.network.store;

import com.fasterxml.jackson.core.type.TypeReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.model.DhcpOption;
import org.stackbox.network.model.FixedIp;
import org.stackbox.network.model.Port;
import org.stackbox.network.model.PortForward;
import org.stackbox.network.model.PortSecurity;
import org.stackbox.network.model.PortSecurity.AddressPair;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Ports with their fixed IPs and forwards, always read and written together. The keys of the tables keep an address,
 * a MAC address (per network) and a host port from being given twice: an insert that would is refused with
 * {@link DuplicateKeyException}, and nothing of it is kept.
 */
public final class PortRepository {
    private static final TypeReference<List<AddressPair>> ADDRESS_PAIRS = new TypeReference<>() {};
    private final Jdbi jdbi;

    public PortRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Port port) {
        inTransaction(handle -> {
            bind(handle.createUpdate("""
                    INSERT INTO network_ports (id, network_id, project_id, name, description, mac_address,
                        admin_state_up, device_id, device_owner, device_index, preserve_on_delete, revision,
                        created_at, updated_at, port_security_enabled, allowed_address_pairs)
                    VALUES (:id, :networkId, :projectId, :name, :description, :macAddress, :adminStateUp, :deviceId,
                        :deviceOwner, :deviceIndex, :preserveOnDelete, :revision, :createdAt, :updatedAt,
                        :portSecurityEnabled, :allowedAddressPairs)"""), port)
                    .bind("portSecurityEnabled", port.security().enabled())
                    .bind("allowedAddressPairs", JsonColumns.write(port.security().allowedAddressPairs()))
                    .execute();
            insertSecurityGroups(handle, port.id(), port.security().securityGroupIds());
            insertFixedIps(handle, port.id(), port.fixedIps());
            insertForwards(handle, port.forwards());
            insertDhcpOptions(handle, port.id(), port.dhcpOptions());
            return null;
        });
    }

    /** Saves the port's own fields (not its addresses or forwards). */
    public void update(Port port) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE network_ports SET name = :name, description = :description, admin_state_up = :adminStateUp,
                    device_id = :deviceId, device_owner = :deviceOwner, device_index = :deviceIndex,
                    preserve_on_delete = :preserveOnDelete, revision = :revision, updated_at = :updatedAt
                WHERE id = :id"""), port).execute());
    }

    /**
     * Binds an unbound port to a device, with the forwards it gets. False if the port is bound already (another
     * request won), in which case nothing changed.
     */
    public boolean bind(Port bound, List<PortForward> newForwards) {
        return inTransaction(handle -> {
            int changed = bind(handle.createUpdate("""
                    UPDATE network_ports SET device_id = :deviceId, device_owner = :deviceOwner,
                        device_index = :deviceIndex, preserve_on_delete = :preserveOnDelete, revision = :revision,
                        updated_at = :updatedAt
                    WHERE id = :id AND device_id = ''"""), bound).execute();
            if (changed == 0) {
                return false;
            }
            insertForwards(handle, newForwards);
            return true;
        });
    }

    /** Unbinds the port from its device; its forwards go. */
    public void unbind(String portId, Instant now) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM network_port_forwards WHERE port_id = :id").bind("id", portId).execute();
            handle.createUpdate("""
                    UPDATE network_ports SET device_id = '', device_owner = '', device_index = 0,
                        preserve_on_delete = FALSE, revision = revision + 1, updated_at = :now
                    WHERE id = :id""").bind("id", portId).bind("now", now.toEpochMilli()).execute();
        });
    }

    public void replaceFixedIps(String portId, List<FixedIp> fixedIps, Instant now) {
        inTransaction(handle -> {
            handle.createUpdate("DELETE FROM network_fixed_ips WHERE port_id = :id").bind("id", portId).execute();
            insertFixedIps(handle, portId, fixedIps);
            handle.createUpdate("UPDATE network_ports SET revision = revision + 1, updated_at = :now WHERE id = :id")
                    .bind("id", portId).bind("now", now.toEpochMilli()).execute();
            return null;
        });
    }

    /** Replaces the port's security: port security, security groups and allowed address pairs. */
    public void replaceSecurity(String portId, PortSecurity security, Instant now) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM network_port_security_groups WHERE port_id = :id").bind("id", portId)
                    .execute();
            insertSecurityGroups(handle, portId, security.securityGroupIds());
            handle.createUpdate("""
                    UPDATE network_ports SET port_security_enabled = :enabled, allowed_address_pairs = :pairs,
                        revision = revision + 1, updated_at = :now
                    WHERE id = :id""").bind("id", portId).bind("enabled", security.enabled())
                    .bind("pairs", JsonColumns.write(security.allowedAddressPairs()))
                    .bind("now", now.toEpochMilli()).execute();
        });
    }

    /** The ids of the ports a security group is bound to. */
    public List<String> portsInGroup(String securityGroupId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT port_id FROM network_port_security_groups WHERE security_group_id = :id ORDER BY port_id")
                .bind("id", securityGroupId).mapTo(String.class).list());
    }

    /** The port's extra DHCP options become {@code options}. */
    public void replaceDhcpOptions(String portId, List<DhcpOption> options) {
        inTransaction(handle -> {
            handle.createUpdate("DELETE FROM network_port_dhcp_options WHERE port_id = :id").bind("id", portId)
                    .execute();
            insertDhcpOptions(handle, portId, options);
            return null;
        });
    }

    public void addForwards(List<PortForward> forwards) {
        inTransaction(handle -> {
            insertForwards(handle, forwards);
            return null;
        });
    }

    public void delete(String portId) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM network_port_forwards WHERE port_id = :id").bind("id", portId).execute();
            handle.createUpdate("DELETE FROM network_fixed_ips WHERE port_id = :id").bind("id", portId).execute();
            handle.createUpdate("DELETE FROM network_port_security_groups WHERE port_id = :id").bind("id", portId)
                    .execute();
            handle.createUpdate("DELETE FROM network_port_dhcp_options WHERE port_id = :id").bind("id", portId)
                    .execute();
            handle.createUpdate("DELETE FROM network_ports WHERE id = :id").bind("id", portId).execute();
        });
    }

    public Optional<Port> findById(String id) {
        return jdbi.withHandle(handle -> read(handle,
                handle.createQuery("SELECT * FROM network_ports WHERE id = :id").bind("id", id)).stream().findFirst());
    }

    /** The ports of a device in card order. */
    public List<Port> forDevice(String deviceId) {
        return jdbi.withHandle(handle -> read(handle, handle.createQuery(
                "SELECT * FROM network_ports WHERE device_id = :deviceId ORDER BY device_index, created_at, id")
                .bind("deviceId", deviceId)));
    }

    public List<Port> forNetwork(String networkId) {
        return jdbi.withHandle(handle -> read(handle, handle.createQuery(
                "SELECT * FROM network_ports WHERE network_id = :networkId ORDER BY created_at, id")
                .bind("networkId", networkId)));
    }

    /** The ports a project sees: its own and those on its networks; all of them when {@code projectId} is empty. */
    public List<Port> listVisible(Optional<String> projectId) {
        return jdbi.withHandle(handle -> read(handle, handle.createQuery("""
                        SELECT * FROM network_ports WHERE :all OR project_id = :projectId
                            OR network_id IN (SELECT id FROM network_networks WHERE project_id = :projectId)
                        ORDER BY created_at, id""")
                .bind("all", projectId.isEmpty()).bind("projectId", projectId.orElse(""))));
    }

    public Set<Ipv4Address> usedAddresses(String subnetId) {
        return jdbi.withHandle(handle -> new HashSet<>(handle.createQuery(
                        "SELECT ip_address FROM network_fixed_ips WHERE subnet_id = :subnetId")
                .bind("subnetId", subnetId).map((row, context) -> Ipv4Address.parse(row.getString(1))).list()));
    }

    /** The ports holding an address of the subnet. */
    public List<String> portsOnSubnet(String subnetId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT DISTINCT port_id FROM network_fixed_ips WHERE subnet_id = :subnetId")
                .bind("subnetId", subnetId).mapTo(String.class).list());
    }

    public Set<Integer> usedHostPorts(String protocol) {
        return jdbi.withHandle(handle -> new HashSet<>(handle.createQuery(
                        "SELECT host_port FROM network_port_forwards WHERE protocol = :protocol")
                .bind("protocol", protocol).mapTo(Integer.class).list()));
    }

    private List<Port> read(Handle handle, Query query) {
        List<Port> ports = query.map((row, context) -> new Port(row.getString("id"), row.getString("network_id"),
                row.getString("project_id"), row.getString("name"), row.getString("description"),
                row.getString("mac_address"), row.getBoolean("admin_state_up"), row.getString("device_id"),
                row.getString("device_owner"), row.getInt("device_index"), row.getBoolean("preserve_on_delete"),
                List.of(), List.of(), new PortSecurity(row.getBoolean("port_security_enabled"), List.of(),
                        JsonColumns.read(row.getString("allowed_address_pairs"), ADDRESS_PAIRS)),
                List.of(), row.getInt("revision"), Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")))).list();
        List<Port> complete = new ArrayList<>();
        for (Port port : ports) {
            List<FixedIp> fixedIps = handle.createQuery(
                            "SELECT * FROM network_fixed_ips WHERE port_id = :id ORDER BY position")
                    .bind("id", port.id())
                    .map((row, context) -> new FixedIp(row.getString("subnet_id"),
                            Ipv4Address.parse(row.getString("ip_address"))))
                    .list();
            List<PortForward> forwards = handle.createQuery(
                            "SELECT * FROM network_port_forwards WHERE port_id = :id ORDER BY created_at, host_port")
                    .bind("id", port.id())
                    .map((row, context) -> new PortForward(row.getString("port_id"), row.getString("protocol"),
                            row.getString("host_address"), row.getInt("host_port"), row.getInt("guest_port")))
                    .list();
            List<String> groups = handle.createQuery(
                            "SELECT security_group_id FROM network_port_security_groups WHERE port_id = :id ORDER BY position")
                    .bind("id", port.id()).mapTo(String.class).list();
            PortSecurity security = port.security();
            List<DhcpOption> options = handle.createQuery(
                            "SELECT * FROM network_port_dhcp_options WHERE port_id = :id ORDER BY position")
                    .bind("id", port.id())
                    .map((row, context) -> new DhcpOption(row.getString("opt_name"), row.getString("opt_value"),
                            row.getInt("ip_version")))
                    .list();
            complete.add(port.withFixedIps(fixedIps).withForwards(forwards).withDhcpOptions(options).withSecurity(
                    new PortSecurity(security.enabled(), groups, security.allowedAddressPairs())));
        }
        return complete;
    }

    private static void insertFixedIps(Handle handle, String portId, List<FixedIp> fixedIps) {
        for (int position = 0; position < fixedIps.size(); position++) {
            FixedIp fixedIp = fixedIps.get(position);
            handle.createUpdate("""
                    INSERT INTO network_fixed_ips (subnet_id, ip_address, port_id, position)
                    VALUES (:subnetId, :ipAddress, :portId, :position)""")
                    .bind("subnetId", fixedIp.subnetId()).bind("ipAddress", fixedIp.address().toString())
                    .bind("portId", portId).bind("position", position).execute();
        }
    }

    private static void insertSecurityGroups(Handle handle, String portId, List<String> securityGroupIds) {
        for (int position = 0; position < securityGroupIds.size(); position++) {
            handle.createUpdate("""
                    INSERT INTO network_port_security_groups (port_id, security_group_id, position)
                    VALUES (:portId, :groupId, :position)""")
                    .bind("portId", portId).bind("groupId", securityGroupIds.get(position)).bind("position", position)
                    .execute();
        }
    }

    private static void insertDhcpOptions(Handle handle, String portId, List<DhcpOption> options) {
        for (int position = 0; position < options.size(); position++) {
            DhcpOption option = options.get(position);
            handle.createUpdate("""
                    INSERT INTO network_port_dhcp_options (port_id, ip_version, opt_name, opt_value, position)
                    VALUES (:portId, :ipVersion, :name, :value, :position)""")
                    .bind("portId", portId).bind("ipVersion", option.ipVersion()).bind("name", option.name())
                    .bind("value", option.value()).bind("position", position).execute();
        }
    }

    private static void insertForwards(Handle handle, List<PortForward> forwards) {
        for (PortForward forward : forwards) {
            handle.createUpdate("""
                    INSERT INTO network_port_forwards (protocol, host_port, host_address, guest_port, port_id,
                        created_at)
                    VALUES (:protocol, :hostPort, :hostAddress, :guestPort, :portId, :createdAt)""")
                    .bind("protocol", forward.protocol()).bind("hostPort", forward.hostPort())
                    .bind("hostAddress", forward.hostAddress()).bind("guestPort", forward.guestPort())
                    .bind("portId", forward.portId()).bind("createdAt", System.currentTimeMillis()).execute();
        }
    }

    private <T> T inTransaction(Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(work::apply);
        } catch (UnableToExecuteStatementException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw new DuplicateKeyException("A port's address, MAC address or host port is taken", e);
            }
            throw e;
        }
    }

    private static Update bind(Update update, Port port) {
        return update.bind("id", port.id()).bind("networkId", port.networkId()).bind("projectId", port.projectId())
                .bind("name", port.name()).bind("description", port.description())
                .bind("macAddress", port.macAddress()).bind("adminStateUp", port.adminStateUp())
                .bind("deviceId", port.deviceId()).bind("deviceOwner", port.deviceOwner())
                .bind("deviceIndex", port.deviceIndex()).bind("preserveOnDelete", port.preserveOnDelete())
                .bind("revision", port.revision()).bind("createdAt", port.createdAt().toEpochMilli())
                .bind("updatedAt", port.updatedAt().toEpochMilli());
    }
}
