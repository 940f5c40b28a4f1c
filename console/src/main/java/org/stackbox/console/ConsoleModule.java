package org.stackbox.console;

import java.time.Clock;
import org.stackbox.common.ConsoleType;

import static java.util.Objects.requireNonNull;

/**
 * The console proxy, assembled: what the composition root and the compute API need of it.
 * <pre>{@code
 * ConsoleModule consoles = new ConsoleModule(ConsoleConfig.defaults(publicUrl),
 *         new HypervisorConsoleTargets(hypervisor), Clock.systemUTC());
 * // mount consoles.api() on the ApiServer; the compute side issues tokens and puts their URLs in its answers:
 * String url = consoles.responses().url(consoles.authorizations().issue(serverId, ConsoleType.NOVNC));
 * // and when a server stops or is deleted:
 * consoles.authorizations().revokeStopped(serverId);
 * }</pre>
 */
public final class ConsoleModule implements AutoCloseable {
    private final ConsoleAuthorizations authorizations;
    private final RemoteConsoleResponses responses;
    private final ConsoleApi api;

    public ConsoleModule(ConsoleConfig config, ConsoleTargets targets, Clock clock) {
        requireNonNull(config, "config is null");
        this.authorizations = new ConsoleAuthorizations(clock, config.tokenLifetime());
        this.responses = new RemoteConsoleResponses(config);
        this.api = new ConsoleApi(config, authorizations, targets);
    }

    public ConsoleAuthorizations authorizations() {
        return authorizations;
    }

    public RemoteConsoleResponses responses() {
        return responses;
    }

    public ConsoleApi api() {
        return api;
    }

    /** Stops the proxy's own thread; call it after the HTTP server that carries the consoles stopped. */
    @Override
    public void close() {
        api.close();
    }
}
