package org.stackbox.api;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.auth.Authenticator;
import io.javalin.http.Context;

import static java.util.Objects.requireNonNull;

/** Reads {@code X-Auth-Token} and answers 401 (with where to get a token) when it is missing or not valid. */
final class RequestAuthenticator {
    static final String CALLER_ATTRIBUTE = "stackbox.caller";

    private final Authenticator authenticator;

    RequestAuthenticator(Authenticator authenticator) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    Caller require(Context context) {
        String token = context.header("X-Auth-Token");
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        Caller caller = authenticator.authenticate(token.strip())
                .orElseThrow(() -> ApiException.unauthorized("The request you have made requires authentication."));
        context.attribute(CALLER_ATTRIBUTE, caller);
        return caller;
    }
}
