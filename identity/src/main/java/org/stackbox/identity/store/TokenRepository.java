package org.stackbox.identity.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.identity.model.Token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

public final class TokenRepository {
    private static final RowMapper<Token> MAPPER = (row, context) -> new Token(
            row.getString("token_hash"), row.getString("user_id"), row.getString("project_id"),
            row.getString("domain_id"), List.of(row.getString("methods").split(",")), row.getString("audit_id"),
            Instant.ofEpochMilli(row.getLong("issued_at")), Instant.ofEpochMilli(row.getLong("expires_at")),
            row.getBoolean("revoked"));

    private final Jdbi jdbi;
    /** Bumped by every revocation, so that caches of validated tokens know to forget what they hold. */
    private final java.util.concurrent.atomic.AtomicLong revocations = new java.util.concurrent.atomic.AtomicLong();

    public TokenRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Token token) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO tokens (token_hash, user_id, project_id, domain_id, methods, audit_id, issued_at, expires_at, revoked)
                        VALUES (:hash, :userId, :projectId, :domainId, :methods, :auditId, :issuedAt, :expiresAt, :revoked)""")
                .bind("hash", token.tokenHash()).bind("userId", token.userId()).bind("projectId", token.projectId())
                .bind("domainId", token.domainId()).bind("methods", String.join(",", token.methods()))
                .bind("auditId", token.auditId()).bind("issuedAt", token.issuedAt().toEpochMilli())
                .bind("expiresAt", token.expiresAt().toEpochMilli()).bind("revoked", token.revoked())
                .execute());
    }

    public long revocations() {
        return revocations.get();
    }

    public Optional<Token> findByHash(String hash) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM tokens WHERE token_hash = :hash")
                .bind("hash", hash).map(MAPPER).findOne());
    }

    public void revoke(String hash) {
        revocations.incrementAndGet();
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE tokens SET revoked = TRUE WHERE token_hash = :hash")
                .bind("hash", hash).execute());
    }

    /** Revokes every token of the user scoped to the project (their roles there changed or ended). */
    public void revokeForUserOnProject(String userId, String projectId) {
        revocations.incrementAndGet();
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE tokens SET revoked = TRUE WHERE user_id = :userId AND project_id = :projectId")
                .bind("userId", userId).bind("projectId", projectId).execute());
    }

    public void revokeForUser(String userId) {
        revocations.incrementAndGet();
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE tokens SET revoked = TRUE WHERE user_id = :userId")
                .bind("userId", userId).execute());
    }

    public void revokeForProject(String projectId) {
        revocations.incrementAndGet();
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE tokens SET revoked = TRUE WHERE project_id = :projectId")
                .bind("projectId", projectId).execute());
    }

    /** Forgets tokens that expired before {@code cutoff}; they can never be valid again. */
    public int deleteExpiredBefore(Instant cutoff) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM tokens WHERE expires_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli()).execute());
    }
}
