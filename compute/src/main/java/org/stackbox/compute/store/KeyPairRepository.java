package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.compute.keypair.KeyPair;
import org.stackbox.compute.keypair.KeyType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/** Key pairs, by user and name; ids are numbered in insertion order, as Nova's are. */
public final class KeyPairRepository {
    private static final RowMapper<KeyPair> MAPPER = (row, context) -> new KeyPair(row.getLong("id"),
            row.getString("user_id"), row.getString("name"), KeyType.fromWireName(row.getString("key_type"))
            .orElseThrow(), row.getString("public_key"), row.getString("fingerprint"),
            Instant.ofEpochMilli(row.getLong("created_at")));

    private final Jdbi jdbi;

    public KeyPairRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Adds the key pair with the next id, unless the user already has one of that name or {@code limit} of them.
     *
     * @return the stored key pair, or empty if the name is taken
     * @throws LimitReached when the user has {@code limit} key pairs
     */
    public Optional<KeyPair> insert(String userId, String name, KeyType type, String publicKey, String fingerprint,
                                    Instant createdAt, int limit) {
        return jdbi.inTransaction(handle -> {
            if (handle.createQuery("SELECT COUNT(*) FROM compute_key_pairs WHERE user_id = :userId AND name = :name")
                    .bind("userId", userId).bind("name", name).mapTo(Integer.class).one() > 0) {
                return Optional.empty();
            }
            if (handle.createQuery("SELECT COUNT(*) FROM compute_key_pairs WHERE user_id = :userId")
                    .bind("userId", userId).mapTo(Integer.class).one() >= limit) {
                throw new LimitReached();
            }
            long id = handle.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM compute_key_pairs")
                    .mapTo(Long.class).one();
            handle.createUpdate("""
                            INSERT INTO compute_key_pairs (id, user_id, name, key_type, public_key, fingerprint,
                                created_at)
                            VALUES (:id, :userId, :name, :type, :publicKey, :fingerprint, :createdAt)""")
                    .bind("id", id).bind("userId", userId).bind("name", name).bind("type", type.wireName())
                    .bind("publicKey", publicKey).bind("fingerprint", fingerprint)
                    .bind("createdAt", createdAt.toEpochMilli()).execute();
            return Optional.of(new KeyPair(id, userId, name, type, publicKey, fingerprint,
                    Instant.ofEpochMilli(createdAt.toEpochMilli())));
        });
    }

    public Optional<KeyPair> find(String userId, String name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM compute_key_pairs WHERE user_id = :userId AND name = :name")
                .bind("userId", userId).bind("name", name).map(MAPPER).findOne());
    }

    /** The user's key pairs by name, after {@code marker} (a name) if given, at most {@code limit}. */
    public List<KeyPair> list(String userId, Optional<String> marker, OptionalInt limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM compute_key_pairs
                        WHERE user_id = :userId AND (:marker IS NULL OR name > :marker)
                        ORDER BY name LIMIT :limit""")
                .bind("userId", userId).bind("marker", marker.orElse(null))
                .bind("limit", limit.orElse(Integer.MAX_VALUE)).map(MAPPER).list());
    }

    public boolean delete(String userId, String name) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM compute_key_pairs WHERE user_id = :userId AND name = :name")
                .bind("userId", userId).bind("name", name).execute() > 0);
    }

    /** The user already has as many key pairs as allowed. */
    public static final class LimitReached extends RuntimeException {
        LimitReached() {
            super("Key pair limit reached", null, false, false);
        }
    }
}
