package org.stackbox.virt;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Where the console proxy finds a domain's consoles on this host.
 *
 * @param vncSocket a Unix socket speaking RFB (VNC)
 * @param serialLog everything the guest wrote to its first serial port, for {@code os-getConsoleOutput}
 * @param serialSocket a Unix socket connected to the first serial port, for an interactive serial console
 */
public record ConsoleEndpoints(Path vncSocket, Path serialLog, Path serialSocket) {
    public ConsoleEndpoints {
        requireNonNull(vncSocket, "vncSocket is null");
        requireNonNull(serialLog, "serialLog is null");
        requireNonNull(serialSocket, "serialSocket is null");
    }
}
