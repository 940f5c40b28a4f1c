package org.stackbox.policy;

import org.stackbox.common.auth.Caller;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a rule may ask about the caller: oslo.context's credentials as Stackbox has them. Stackbox has no system
 * scope; like OpenStack's legacy admin, a holder of the {@code admin} role is {@code is_admin}, so both
 * {@code role:admin} and {@code is_admin:True} pass for them, and {@code system_scope:all} passes for nobody.
 */
public record Credentials(String userId, String userDomainId, String projectId, String domainId, Set<String> roles) {
    public Credentials {
        roles = roles.stream().map(role -> role.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static Credentials of(Caller caller) {
        return new Credentials(caller.userId(), caller.userDomainId(), caller.projectId(), caller.domainId(),
                caller.roles());
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    /** The credential a generic check names, as Python would print it ({@code True}, not {@code true}). */
    Optional<String> value(String name) {
        return Optional.ofNullable(switch (name) {
            case "user_id" -> userId;
            case "user_domain_id" -> userDomainId;
            case "project_id", "tenant_id", "tenant" -> projectId;
            case "domain_id" -> domainId;
            case "is_admin" -> isAdmin() ? "True" : "False";
            default -> null;
        });
    }
}
