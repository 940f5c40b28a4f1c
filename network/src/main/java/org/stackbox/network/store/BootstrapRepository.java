package org.stackbox.network.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Remembers what the bootstrap made once, by name. */
public final class BootstrapRepository {
    private final Jdbi jdbi;

    public BootstrapRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public Optional<String> find(String name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT resource_id FROM network_bootstrap WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    public void record(String name, String resourceId, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO network_bootstrap (name, resource_id, created_at) VALUES (:name, :resourceId, :now)""")
                .bind("name", name).bind("resourceId", resourceId).bind("now", now.toEpochMilli()).execute());
    }
}
