package org.stackbox.identity.model;

import java.time.Instant;
import java.util.List;

/** An issued token's record; the token itself is only ever known to the client, the store keeps its hash. */
public record Token(
        String tokenHash,
        String userId,
        String projectId,
        String domainId,
        List<String> methods,
        String auditId,
        Instant issuedAt,
        Instant expiresAt,
        boolean revoked) {

    public Token {
        methods = List.copyOf(methods);
    }

    public boolean isValidAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }
}
