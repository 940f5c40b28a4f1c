package org.stackbox.identity.http;

import org.stackbox.api.Authorization;
import org.stackbox.common.StackboxException;
import org.stackbox.identity.TokenService;

import java.util.Map;

/** The targets Keystone's rules name ({@code target.user.id} ...), read from the request's path and headers. */
final class IdentityTargets {
    private IdentityTargets() {}

    static Authorization.Target user() {
        return (context, caller) -> Map.of("target.user.id", context.pathParam("id"));
    }

    static Authorization.Target project() {
        return (context, caller) -> Map.of("target.project.id", context.pathParam("id"));
    }

    static Authorization.Target domain() {
        return (context, caller) -> Map.of("target.domain.id", context.pathParam("id"));
    }

    /**
     * {@code target.token.user_id}: the user of the token {@code X-Subject-Token} names. A missing or unknown token
     * has no user to match; then the handler answers (404, as Keystone does for everyone) instead of the policy.
     */
    static Authorization.Target tokenSubject(TokenService tokens) {
        return (context, caller) -> {
            String subject = context.header("X-Subject-Token");
            if (subject == null || subject.isBlank()) {
                return Map.of("target.token.user_id", caller.userId());
            }
            try {
                return Map.of("target.token.user_id", tokens.validate(subject.strip()).user().id());
            } catch (StackboxException unknown) {
                return Map.of("target.token.user_id", caller.userId());
            }
        };
    }
}
