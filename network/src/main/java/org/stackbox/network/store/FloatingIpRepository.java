package org.stackbox.network.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.model.FloatingIp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Floating IPs. The association lives while its port does: the port's row going (its server deleted) clears
 * {@code port_id}, and a row without one reads as not associated, whatever else it kept.
 */
public final class FloatingIpRepository {
    private static final RowMapper<FloatingIp> MAPPER = (row, context) -> {
        String portId = row.getString("port_id");
        String fixedIpAddress = row.getString("fixed_ip_address");
        String routerId = row.getString("router_id");
        Optional<FloatingIp.Association> association = portId == null || fixedIpAddress == null || routerId == null
                ? Optional.empty()
                : Optional.of(new FloatingIp.Association(portId, Ipv4Address.parse(fixedIpAddress), routerId));
        return new FloatingIp(row.getString("id"), row.getString("project_id"), row.getString("floating_network_id"),
                Ipv4Address.parse(row.getString("floating_ip_address")), row.getString("floating_port_id"),
                association, row.getString("description"), row.getInt("revision"),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")));
    };

    private final Jdbi jdbi;

    public FloatingIpRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(FloatingIp floatingIp) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                INSERT INTO network_floating_ips (id, project_id, floating_network_id, floating_ip_address,
                    floating_port_id, port_id, fixed_ip_address, router_id, description, revision, created_at,
                    updated_at)
                VALUES (:id, :projectId, :floatingNetworkId, :floatingIpAddress, :floatingPortId, :portId,
                    :fixedIpAddress, :routerId, :description, :revision, :createdAt, :updatedAt)"""), floatingIp)
                .execute());
    }

    public void update(FloatingIp floatingIp) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE network_floating_ips SET port_id = :portId, fixed_ip_address = :fixedIpAddress,
                    router_id = :routerId, description = :description, revision = :revision, updated_at = :updatedAt
                WHERE id = :id"""), floatingIp).execute());
    }

    public Optional<FloatingIp> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM network_floating_ips WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** A project's floating IPs; all of them when {@code projectId} is empty. */
    public List<FloatingIp> list(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM network_floating_ips WHERE :all OR project_id = :projectId
                        ORDER BY created_at, id""")
                .bind("all", projectId.isEmpty()).bind("projectId", projectId.orElse("")).map(MAPPER).list());
    }

    public void delete(String id) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM network_floating_ips WHERE id = :id")
                .bind("id", id).execute());
    }

    private static Update bind(Update update, FloatingIp floatingIp) {
        Optional<FloatingIp.Association> association = floatingIp.association();
        return update.bind("id", floatingIp.id()).bind("projectId", floatingIp.projectId())
                .bind("floatingNetworkId", floatingIp.floatingNetworkId())
                .bind("floatingIpAddress", floatingIp.floatingIpAddress().toString())
                .bind("floatingPortId", floatingIp.floatingPortId())
                .bind("portId", association.map(FloatingIp.Association::portId).orElse(null))
                .bind("fixedIpAddress", association.map(a -> a.fixedIpAddress().toString()).orElse(null))
                .bind("routerId", association.map(FloatingIp.Association::routerId).orElse(null))
                .bind("description", floatingIp.description()).bind("revision", floatingIp.revision())
                .bind("createdAt", floatingIp.createdAt().toEpochMilli())
                .bind("updatedAt", floatingIp.updatedAt().toEpochMilli());
    }
}
