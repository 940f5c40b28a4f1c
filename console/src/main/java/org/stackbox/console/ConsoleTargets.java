package org.stackbox.console;

import org.stackbox.virt.ConsoleEndpoints;

import java.util.Optional;

/**
 * Where the proxy finds a server's consoles: the one thing it asks of the compute side. {@link HypervisorConsoleTargets}
 * answers it for servers on this host.
 */
public interface ConsoleTargets {
    /** The server's console sockets on this host; empty if this host has no domain for it. */
    Optional<ConsoleEndpoints> endpoints(String serverId);

    /** Whether the server's guest runs now, so that its console sockets answer. */
    boolean isRunning(String serverId);
}
