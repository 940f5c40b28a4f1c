package org.stackbox.network.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.network.model.Router;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Routers and their extra routes; their interfaces and gateway are ports, in {@link PortRepository}. */
public final class RouterRepository {
    private static final RowMapper<Router> MAPPER = (row, context) -> {
        String gatewayNetworkId = row.getString("gateway_network_id");
        Optional<Router.Gateway> gateway = gatewayNetworkId == null ? Optional.empty()
                : Optional.of(new Router.Gateway(gatewayNetworkId, row.getBoolean("enable_snat")));
        return new Router(row.getString("id"), row.getString("project_id"), row.getString("name"),
                row.getString("description"), row.getBoolean("admin_state_up"), gateway,
                JsonColumns.readRoutes(row.getString("routes")),
                row.getInt("revision"),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")));
    };

    private final Jdbi jdbi;

    public RouterRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Router router) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                INSERT INTO network_routers (id, project_id, name, description, admin_state_up, gateway_network_id,
                    enable_snat, routes, revision, created_at, updated_at)
                VALUES (:id, :projectId, :name, :description, :adminStateUp, :gatewayNetworkId, :enableSnat,
                    :routes, :revision, :createdAt, :updatedAt)"""), router).execute());
    }

    public void update(Router router) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE network_routers SET name = :name, description = :description, admin_state_up = :adminStateUp,
                    gateway_network_id = :gatewayNetworkId, enable_snat = :enableSnat, routes = :routes,
                    revision = :revision,
                    updated_at = :updatedAt
                WHERE id = :id"""), router).execute());
    }

    public Optional<Router> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM network_routers WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** A project's routers; all of them when {@code projectId} is empty. */
    public List<Router> list(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM network_routers WHERE :all OR project_id = :projectId
                        ORDER BY created_at, id""")
                .bind("all", projectId.isEmpty()).bind("projectId", projectId.orElse("")).map(MAPPER).list());
    }

    public void delete(String id) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM network_routers WHERE id = :id").bind("id", id)
                .execute());
    }

    private static Update bind(Update update, Router router) {
        return update.bind("id", router.id()).bind("projectId", router.projectId()).bind("name", router.name())
                .bind("description", router.description()).bind("adminStateUp", router.adminStateUp())
                .bind("gatewayNetworkId", router.gateway().map(Router.Gateway::networkId).orElse(null))
                .bind("enableSnat", router.gateway().map(Router.Gateway::enableSnat).orElse(false))
                .bind("routes", JsonColumns.writeRoutes(router.routes()))
                .bind("revision", router.revision()).bind("createdAt", router.createdAt().toEpochMilli())
                .bind("updatedAt", router.updatedAt().toEpochMilli());
    }
}
