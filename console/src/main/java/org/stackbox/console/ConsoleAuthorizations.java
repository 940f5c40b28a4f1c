package org.stackbox.console;

import org.stackbox.common.ConsoleType;
import org.stackbox.common.Ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Console tokens, as Nova's console auth tokens: random, bound to one server and one kind of console, valid for a
 * fixed time, and revoked when the server stops or is deleted. Only a SHA-256 hash of each token is kept. A token is
 * remembered for one more lifetime after it expired, so that a page opened with it, however often, can say why it
 * no longer works (expired, server stopped or deleted) rather than that it never did.
 * Tokens live in memory: a restart of Stackbox ends them, as a restart of nova-consoleauth used to.
 */
public final class ConsoleAuthorizations {
    private static final int TOKEN_BYTES = 32;

    private record Entry(ConsoleToken token, TokenRefusal revocation) {
        Entry revoked(TokenRefusal reason) {
            return new Entry(token, reason);
        }
    }

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    public ConsoleAuthorizations(Clock clock, Duration lifetime) {
        this.clock = requireNonNull(clock, "clock is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
    }

    /** A new token for {@code type} console of {@code serverId}; the caller has checked the server may be seen. */
    public ConsoleToken issue(String serverId, ConsoleType type) {
        requireNonNull(serverId, "serverId is null");
        requireNonNull(type, "type is null");
        forgetExpired();
        ConsoleToken token = new ConsoleToken(Ids.secret(TOKEN_BYTES), serverId, type, clock.instant().plus(lifetime));
        byHash.put(hash(token.value()), new Entry(token, null));
        return token;
    }

    /** What {@code tokenValue} opens, if it opens a console of {@code type}. */
    public TokenCheck check(String tokenValue, ConsoleType type) {
        requireNonNull(type, "type is null");
        if (tokenValue == null || tokenValue.isEmpty()) {
            return new TokenCheck.Refused(TokenRefusal.UNKNOWN);
        }
        Entry entry = byHash.get(hash(tokenValue));
        if (entry == null) {
            return new TokenCheck.Refused(TokenRefusal.UNKNOWN);
        }
        Instant now = clock.instant();
        if (!now.isBefore(entry.token().expiresAt().plus(lifetime))) {
            byHash.remove(hash(tokenValue), entry);
            return new TokenCheck.Refused(TokenRefusal.UNKNOWN);
        }
        if (!now.isBefore(entry.token().expiresAt())) {
            return new TokenCheck.Refused(TokenRefusal.EXPIRED);
        }
        if (entry.revocation() != null) {
            return new TokenCheck.Refused(entry.revocation());
        }
        if (entry.token().type() != type) {
            return new TokenCheck.Refused(TokenRefusal.WRONG_TYPE);
        }
        return new TokenCheck.Granted(entry.token());
    }

    /** As {@link #check(String, ConsoleType)}, and the token must be {@code serverId}'s. */
    public TokenCheck checkFor(String serverId, String tokenValue, ConsoleType type) {
        requireNonNull(serverId, "serverId is null");
        TokenCheck check = check(tokenValue, type);
        if (check instanceof TokenCheck.Granted granted && !granted.token().serverId().equals(serverId)) {
            return new TokenCheck.Refused(TokenRefusal.WRONG_SERVER);
        }
        return check;
    }

    /** Ends every token of a server that stopped: its consoles show why until the tokens would have expired. */
    public void revokeStopped(String serverId) {
        revoke(serverId, TokenRefusal.SERVER_STOPPED);
    }

    /** Ends every token of a deleted server. */
    public void revokeDeleted(String serverId) {
        revoke(serverId, TokenRefusal.SERVER_DELETED);
    }

    private void revoke(String serverId, TokenRefusal reason) {
        requireNonNull(serverId, "serverId is null");
        byHash.replaceAll((hash, entry) ->
                entry.token().serverId().equals(serverId) && entry.revocation() == null ? entry.revoked(reason) : entry);
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        byHash.values().removeIf(entry -> !now.isBefore(entry.token().expiresAt().plus(lifetime)));
    }

    private static String hash(String tokenValue) {
        try {
            return Ids.toHex(MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
