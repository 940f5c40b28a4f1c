package org.stackbox.compute.spi;

import org.stackbox.common.ServiceException;
import org.stackbox.common.ConsoleType;

import static java.util.Objects.requireNonNull;

/**
 * The console proxy as the compute service uses it: short-lived URLs that open a running server's consoles, and their
 * end when the server stops or is deleted. The composition root adapts the console module onto this; compute never
 * imports it.
 */
public interface RemoteConsoles {
    /** A URL that opens the {@code kind} console of {@code serverId} until it expires; the caller checked the server runs. */
    String issue(String serverId, ConsoleType kind);

    /** Ends every console URL of a server that stopped: they do not open it again when it starts. */
    void revokeStopped(String serverId);

    /** Ends every console URL of a server being deleted. */
    void revokeDeleted(String serverId);

    /**
     * A cloud without a console proxy: every console type is unavailable (400, with the message Nova gives when its
     * VNC or serial console is disabled), and there is nothing to revoke.
     */
    RemoteConsoles UNAVAILABLE = new RemoteConsoles() {
        @Override
        public String issue(String serverId, ConsoleType kind) {
            requireNonNull(kind, "kind is null");
            throw ServiceException.invalid("Unavailable console type %s.", kind.typeName());
        }

        @Override
        public void revokeStopped(String serverId) {}

        @Override
        public void revokeDeleted(String serverId) {}
    };
}
