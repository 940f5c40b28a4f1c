package org.stackbox.console;

import org.junit.jupiter.api.Test;
import org.stackbox.common.ConsoleType;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleAuthorizationsTest {
    static final String SERVER = "0f3c7a8e-2d0b-4c55-9a51-6c9f3f1e2b10";
    static final String OTHER_SERVER = "9b1e2c3d-4f5a-4b6c-8d7e-0a1b2c3d4e5f";

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    final ConsoleAuthorizations authorizations = new ConsoleAuthorizations(clock, ConsoleConfig.DEFAULT_TOKEN_LIFETIME);

    @Test
    void aTokenOpensItsServersConsoleUntilItExpiresTenMinutesLater() {
        ConsoleToken token = authorizations.issue(SERVER, ConsoleType.NOVNC);
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-11-25T12:10:00Z"));
        assertThat(authorizations.checkFor(SERVER, token.value(), ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Granted(token));

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(authorizations.check(token.value(), ConsoleType.NOVNC)).isEqualTo(new TokenCheck.Granted(token));
        clock.advance(Duration.ofMillis(1));
        assertThat(authorizations.check(token.value(), ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.EXPIRED));
        assertThat(authorizations.check(token.value(), ConsoleType.NOVNC))
                .as("a page reloaded with it still says why").isEqualTo(new TokenCheck.Refused(TokenRefusal.EXPIRED));

        clock.advance(Duration.ofMinutes(10));
        authorizations.issue(OTHER_SERVER, ConsoleType.NOVNC);
        assertThat(authorizations.check(token.value(), ConsoleType.NOVNC))
                .as("forgotten one lifetime after it expired").isEqualTo(new TokenCheck.Refused(TokenRefusal.UNKNOWN));
    }

    @Test
    void theLifetimeIsConfigurable() {
        ConsoleAuthorizations shortLived = new ConsoleAuthorizations(clock, Duration.ofSeconds(30));
        ConsoleToken token = shortLived.issue(SERVER, ConsoleType.SERIAL);
        clock.advance(Duration.ofSeconds(30));
        assertThat(shortLived.check(token.value(), ConsoleType.SERIAL))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.EXPIRED));
    }

    @Test
    void tokensAreRandomAndUrlSafe() {
        ConsoleToken first = authorizations.issue(SERVER, ConsoleType.NOVNC);
        ConsoleToken second = authorizations.issue(SERVER, ConsoleType.NOVNC);
        assertThat(first.value()).isNotEqualTo(second.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(first.toString()).doesNotContain(first.value());
    }

    @Test
    void anotherServersTokenIsRefused() {
        ConsoleToken token = authorizations.issue(OTHER_SERVER, ConsoleType.NOVNC);
        assertThat(authorizations.checkFor(SERVER, token.value(), ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.WRONG_SERVER));
    }

    @Test
    void aSerialTokenDoesNotOpenTheScreen() {
        ConsoleToken token = authorizations.issue(SERVER, ConsoleType.SERIAL);
        assertThat(authorizations.check(token.value(), ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.WRONG_TYPE));
    }

    @Test
    void unknownAndMissingTokensAreRefused() {
        authorizations.issue(SERVER, ConsoleType.NOVNC);
        assertThat(authorizations.check("not-a-token", ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.UNKNOWN));
        assertThat(authorizations.check(null, ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.UNKNOWN));
        assertThat(authorizations.check("", ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.UNKNOWN));
    }

    @Test
    void stoppingOrDeletingAServerRevokesOnlyItsTokensAndSaysWhy() {
        ConsoleToken screen = authorizations.issue(SERVER, ConsoleType.NOVNC);
        ConsoleToken serial = authorizations.issue(SERVER, ConsoleType.SERIAL);
        ConsoleToken other = authorizations.issue(OTHER_SERVER, ConsoleType.NOVNC);

        authorizations.revokeStopped(SERVER);
        assertThat(authorizations.check(screen.value(), ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.SERVER_STOPPED));
        assertThat(authorizations.check(serial.value(), ConsoleType.SERIAL))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.SERVER_STOPPED));
        assertThat(authorizations.check(other.value(), ConsoleType.NOVNC)).isEqualTo(new TokenCheck.Granted(other));

        authorizations.revokeDeleted(SERVER);
        assertThat(authorizations.check(screen.value(), ConsoleType.NOVNC))
                .as("the first reason stays")
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.SERVER_STOPPED));
        authorizations.revokeDeleted(OTHER_SERVER);
        assertThat(authorizations.check(other.value(), ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.SERVER_DELETED));

        ConsoleToken afterRestart = authorizations.issue(SERVER, ConsoleType.NOVNC);
        assertThat(authorizations.check(afterRestart.value(), ConsoleType.NOVNC))
                .isEqualTo(new TokenCheck.Granted(afterRestart));

        clock.advance(Duration.ofMinutes(10));
        assertThat(authorizations.check(screen.value(), ConsoleType.NOVNC))
                .as("once a revoked token would have expired, it says so")
                .isEqualTo(new TokenCheck.Refused(TokenRefusal.EXPIRED));
    }
}
