package org.stackbox.console;

import org.stackbox.common.ConsoleType;
import org.stackbox.virt.ConsoleEndpoints;

import static java.util.Objects.requireNonNull;

/**
 * The check every console connection passes before a byte reaches the server: a valid token of the right kind, and a
 * server that runs. Failures are {@link ConsoleRefusedException}s with a message for the person at the console.
 */
final class ConsoleGate {
    /** What an admitted connection may open. */
    record Admission(ConsoleToken token, ConsoleEndpoints endpoints) {}

    private final ConsoleAuthorizations authorizations;
    private final ConsoleTargets targets;

    ConsoleGate(ConsoleAuthorizations authorizations, ConsoleTargets targets) {
        this.authorizations = requireNonNull(authorizations, "authorizations is null");
        this.targets = requireNonNull(targets, "targets is null");
    }

    Admission admit(String tokenValue, ConsoleType type) {
        TokenCheck check = authorizations.check(tokenValue, type);
        if (check instanceof TokenCheck.Refused refused) {
            throw new ConsoleRefusedException(refused.refusal());
        }
        ConsoleToken token = ((TokenCheck.Granted) check).token();
        if (!targets.isRunning(token.serverId())) {
            throw new ConsoleRefusedException(TokenRefusal.SERVER_STOPPED);
        }
        ConsoleEndpoints endpoints = targets.endpoints(token.serverId()).orElseThrow(
                () -> new ConsoleRefusedException(TokenRefusal.SERVER_DELETED));
        return new Admission(token, endpoints);
    }
}
