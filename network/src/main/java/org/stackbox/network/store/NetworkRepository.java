package org.stackbox.network.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.network.model.Network;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class NetworkRepository {
    private static final RowMapper<Network> MAPPER = (row, context) -> new Network(row.getString("id"),
            row.getString("project_id"), row.getString("name"), row.getString("description"),
            row.getBoolean("admin_state_up"), row.getBoolean("shared"), row.getBoolean("external"), row.getInt("mtu"),
            row.getInt("revision"), Instant.ofEpochMilli(row.getLong("created_at")),
            Instant.ofEpochMilli(row.getLong("updated_at")));

    private final Jdbi jdbi;

    public NetworkRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Network network) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                INSERT INTO network_networks (id, project_id, name, description, admin_state_up, shared, external, mtu,
                    revision, created_at, updated_at)
                VALUES (:id, :projectId, :name, :description, :adminStateUp, :shared, :external, :mtu, :revision,
                    :createdAt, :updatedAt)"""), network).execute());
    }

    public void update(Network network) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("""
                UPDATE network_networks SET name = :name, description = :description, admin_state_up = :adminStateUp,
                    shared = :shared, external = :external, mtu = :mtu, revision = :revision, updated_at = :updatedAt
                WHERE id = :id"""), network).execute());
    }

    public Optional<Network> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM network_networks WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** The networks a project sees: its own, the shared and the external ones; all when {@code projectId} is empty. */
    public List<Network> listVisible(Optional<String> projectId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM network_networks
                        WHERE :all OR shared OR external OR project_id = :projectId
                        ORDER BY created_at, id""")
                .bind("all", projectId.isEmpty()).bind("projectId", projectId.orElse(""))
                .map(MAPPER).list());
    }

    /** Deletes the network with its subnets; the caller has made sure no port is left. */
    public void delete(String id) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM network_subnets WHERE network_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM network_networks WHERE id = :id").bind("id", id).execute();
        });
    }

    private static Update bind(Update update, Network network) {
        return update.bind("id", network.id()).bind("projectId", network.projectId()).bind("name", network.name())
                .bind("description", network.description()).bind("adminStateUp", network.adminStateUp())
                .bind("shared", network.shared()).bind("external", network.external()).bind("mtu", network.mtu())
                .bind("revision", network.revision()).bind("createdAt", network.createdAt().toEpochMilli())
                .bind("updatedAt", network.updatedAt().toEpochMilli());
    }
}
