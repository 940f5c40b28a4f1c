package org.stackbox.common.auth;

import java.time.Instant;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling, as their token says: the user, the scope (a project, a domain, or none) and the roles
 * they hold on it. Every protected handler gets one.
 */
public record Caller(
        String userId,
        String userName,
        String userDomainId,
        String projectId,
        String projectName,
        String domainId,
        Set<String> roles,
        Instant expiresAt) {

    public Caller {
        requireNonNull(userId, "userId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(userDomainId, "userDomainId is null");
        roles = Set.copyOf(roles);
        requireNonNull(expiresAt, "expiresAt is null");
    }

    /** Holders of the admin role are cloud administrators, as in OpenStack's default policies. */
    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isProjectScoped() {
        return projectId != null;
    }
}
