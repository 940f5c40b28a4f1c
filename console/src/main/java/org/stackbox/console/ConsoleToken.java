package org.stackbox.console;

import java.time.Instant;
import org.stackbox.common.ConsoleType;

import static java.util.Objects.requireNonNull;

/**
 * A console token as issued: the secret that goes into the console URL, and what it opens.
 *
 * @param value the random, URL-safe secret; the proxy keeps only its hash
 */
public record ConsoleToken(String value, String serverId, ConsoleType type, Instant expiresAt) {
    public ConsoleToken {
        requireNonNull(value, "value is null");
        requireNonNull(serverId, "serverId is null");
        requireNonNull(type, "type is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    @Override
    public String toString() {
        return "ConsoleToken[serverId=" + serverId + ", type=" + type + ", expiresAt=" + expiresAt + "]";
    }
}
