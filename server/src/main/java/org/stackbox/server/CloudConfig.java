package org.stackbox.server;

import org.stackbox.database.DatabaseUrl;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** Everything {@code serve} was told, typed. */
record CloudConfig(ListenAddress listen, String publicUrl, DatabaseUrl database, Duration tokenLifetime,
                   Duration consoleTokenLifetime) {
    CloudConfig {
        requireNonNull(listen, "listen is null");
        requireNonNull(publicUrl, "publicUrl is null");
        requireNonNull(database, "database is null");
        requireNonNull(tokenLifetime, "tokenLifetime is null");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("the token lifetime must be positive");
        }
        requireNonNull(consoleTokenLifetime, "consoleTokenLifetime is null");
        if (consoleTokenLifetime.isNegative() || consoleTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the console token lifetime must be positive");
        }
    }

    String identityUrl() {
        return publicUrl + "/identity";
    }
}
