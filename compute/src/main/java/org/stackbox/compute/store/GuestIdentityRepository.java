package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.compute.metadata.GuestIdentity;
import org.stackbox.compute.metadata.InstanceFacts;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Each server's host name and the key it was created with, kept as long as the server's row. */
public final class GuestIdentityRepository {
    private static final RowMapper<GuestIdentity> MAPPER = (row, context) -> {
        String keyName = row.getString("key_name");
        Optional<InstanceFacts.BootKey> key = keyName == null ? Optional.empty()
                : Optional.of(new InstanceFacts.BootKey(keyName, row.getString("key_type"), row.getString("key_data")));
        return new GuestIdentity(row.getString("server_id"), row.getString("hostname"), key);
    };

    private final Jdbi jdbi;

    public GuestIdentityRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(GuestIdentity identity) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO compute_server_guest (server_id, hostname, key_name, key_type, key_data)
                        VALUES (:serverId, :hostname, :keyName, :keyType, :keyData)""")
                .bind("serverId", identity.serverId()).bind("hostname", identity.hostname())
                .bind("keyName", identity.key().map(InstanceFacts.BootKey::name).orElse(null))
                .bind("keyType", identity.key().map(InstanceFacts.BootKey::type).orElse(null))
                .bind("keyData", identity.key().map(InstanceFacts.BootKey::publicKey).orElse(null))
                .execute());
    }

    public Optional<GuestIdentity> find(String serverId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM compute_server_guest WHERE server_id = :id")
                .bind("id", serverId).map(MAPPER).findOne());
    }
}
