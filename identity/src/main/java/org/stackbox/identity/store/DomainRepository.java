package org.stackbox.identity.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.identity.model.Domain;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class DomainRepository {
    private static final RowMapper<Domain> MAPPER = (row, context) -> new Domain(
            row.getString("id"), row.getString("name"), row.getString("description"), row.getBoolean("enabled"));

    private final Jdbi jdbi;

    public DomainRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Domain domain) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "INSERT INTO domains (id, name, description, enabled) VALUES (:id, :name, :description, :enabled)")
                .bindMethods(domain)
                .execute());
    }

    public void update(Domain domain) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE domains SET name = :name, description = :description, enabled = :enabled WHERE id = :id")
                .bindMethods(domain)
                .execute());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM domains WHERE id = :id").bind("id", id).execute()) > 0;
    }

    public Optional<Domain> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM domains WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public Optional<Domain> findByName(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM domains WHERE name = :name")
                .bind("name", name).map(MAPPER).findOne());
    }

    public List<Domain> list(Optional<String> name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM domains WHERE (:name IS NULL OR name = :name) ORDER BY name")
                .bind("name", name.orElse(null)).map(MAPPER).list());
    }
}
