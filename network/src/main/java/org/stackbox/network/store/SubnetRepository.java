package org.stackbox.network.store;

import com.fasterxml.jackson.core.type.TypeReference;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.common.net.Ipv4Cidr;
import org.stackbox.network.model.AllocationPool;
import org.stackbox.network.model.Subnet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class SubnetRepository {
    private static final TypeReference<List<Map<String, String>>> MAPS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final RowMapper<Subnet> MAPPER = (row, context) -> {
        String gateway = row.getString("gateway_ip");
        return new Subnet(row.getString("id"), row.getString("network_id"), row.getString("project_id"),
                row.getString("name"), row.getString("description"), Ipv4Cidr.parse(row.getString("cidr")),
                gateway == null ? null : Ipv4Address.parse(gateway), row.getBoolean("enable_dhcp"),
                JsonColumns.read(row.getString("allocation_pools"), MAPS).stream()
                        .map(pool -> new AllocationPool(Ipv4Address.parse(pool.get("start")),
                                Ipv4Address.parse(pool.get("end"))))
                        .toList(),
                JsonColumns.read(row.getString("dns_nameservers"), STRINGS),
                JsonColumns.readRoutes(row.getString("host_routes")),
                row.getInt("revision"), Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")));
    };

    private final Jdbi jdbi;

    public SubnetRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Subnet subnet) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                INSERT INTO network_subnets (id, network_id, project_id, name, description, ip_version, cidr,
                    gateway_ip, enable_dhcp, allocation_pools, dns_nameservers, host_routes, revision, created_at,
                    updated_at)
                VALUES (:id, :networkId, :projectId, :name, :description, :ipVersion, :cidr, :gatewayIp, :enableDhcp,
                    :allocationPools, :dnsNameservers, :hostRoutes, :revision, :createdAt, :updatedAt)"""), subnet)
                .execute());
    }

    public void update(Subnet subnet) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE network_subnets SET name = :name, description = :description, gateway_ip = :gatewayIp,
                    enable_dhcp = :enableDhcp, allocation_pools = :allocationPools, dns_nameservers = :dnsNameservers,
                    host_routes = :hostRoutes, revision = :revision, updated_at = :updatedAt
                WHERE id = :id"""), subnet).execute());
    }

    public Optional<Subnet> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM network_subnets WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public List<Subnet> forNetwork(String networkId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM network_subnets WHERE network_id = :networkId ORDER BY created_at, id")
                .bind("networkId", networkId).map(MAPPER).list());
    }

    public List<Subnet> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM network_subnets ORDER BY created_at, id")
                .map(MAPPER).list());
    }

    public void delete(String id) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM network_subnets WHERE id = :id").bind("id", id)
                .execute());
    }

    private static Update bind(Update update, Subnet subnet) {
        return update.bind("id", subnet.id()).bind("networkId", subnet.networkId())
                .bind("projectId", subnet.projectId()).bind("name", subnet.name())
                .bind("description", subnet.description()).bind("ipVersion", subnet.ipVersion())
                .bind("cidr", subnet.cidr().toString())
                .bind("gatewayIp", subnet.gateway() == null ? null : subnet.gateway().toString())
                .bind("enableDhcp", subnet.enableDhcp())
                .bind("allocationPools", JsonColumns.write(subnet.allocationPools().stream()
                        .map(pool -> Map.of("start", pool.start().toString(), "end", pool.end().toString()))
                        .toList()))
                .bind("dnsNameservers", JsonColumns.write(subnet.dnsNameservers()))
                .bind("hostRoutes", JsonColumns.writeRoutes(subnet.hostRoutes()))
                .bind("revision", subnet.revision()).bind("createdAt", subnet.createdAt().toEpochMilli())
                .bind("updatedAt", subnet.updatedAt().toEpochMilli());
    }
}
