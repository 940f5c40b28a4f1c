package org.stackbox.server;

import org.stackbox.common.ConsoleType;
import org.stackbox.compute.spi.RemoteConsoles;
import org.stackbox.console.ConsoleAuthorizations;
import org.stackbox.console.RemoteConsoleResponses;

import static java.util.Objects.requireNonNull;

/** The console proxy as the compute service needs it: tokens from its authorizations, URLs on its public address. */
final class ConsolesForCompute implements RemoteConsoles {
    private final ConsoleAuthorizations authorizations;
    private final RemoteConsoleResponses responses;

    ConsolesForCompute(ConsoleAuthorizations authorizations, RemoteConsoleResponses responses) {
        this.authorizations = requireNonNull(authorizations, "authorizations is null");
        this.responses = requireNonNull(responses, "responses is null");
    }

    @Override
    public String issue(String serverId, ConsoleType kind) {
        return responses.url(authorizations.issue(serverId, kind));
    }

    @Override
    public void revokeStopped(String serverId) {
        authorizations.revokeStopped(serverId);
    }

    @Override
    public void revokeDeleted(String serverId) {
        authorizations.revokeDeleted(serverId);
    }
}
