package org.stackbox.server;

import org.stackbox.policy.Credentials;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One caller of the authorization matrix: its token (null for none) and, when the token is valid, the credentials a
 * rule sees, worked out from the role the caller was given and Keystone's role chain, not from the token.
 */
record MatrixCaller(String name, String token, Optional<Credentials> credentials) {
    /** Keystone's default implications, strongest first: each role implies the ones after it. */
    private static final List<String> ROLE_CHAIN = List.of("admin", "manager", "member", "reader");

    MatrixCaller {
        requireNonNull(name, "name is null");
        requireNonNull(credentials, "credentials is null");
    }

    /** A valid token of {@code userId}, scoped to {@code projectId} (null: unscoped) with {@code role} there. */
    static MatrixCaller valid(String name, String token, String userId, String projectId, String role) {
        return new MatrixCaller(name, token, Optional.of(new Credentials(userId, "default", projectId, null,
                projectId == null ? Set.of() : implied(role))));
    }

    /** A token the API must not accept (none, expired, revoked). */
    static MatrixCaller unauthenticated(String name, String token) {
        return new MatrixCaller(name, token, Optional.empty());
    }

    boolean scoped() {
        return credentials.map(held -> held.projectId() != null).orElse(false);
    }

    boolean admin() {
        return credentials.map(Credentials::isAdmin).orElse(false);
    }

    private static Set<String> implied(String role) {
        int strength = ROLE_CHAIN.indexOf(role);
        if (strength < 0) {
            throw new IllegalArgumentException("No role " + role + " in " + ROLE_CHAIN);
        }
        return new LinkedHashSet<>(ROLE_CHAIN.subList(strength, ROLE_CHAIN.size()));
    }
}
