package org.stackbox.compute;

import org.stackbox.common.ConsoleType;
import org.stackbox.compute.spi.RemoteConsoles;

import java.util.ArrayList;
import java.util.List;

/**
 * The console proxy's side of {@link RemoteConsoles} as the compute tests see it: URLs that name what they open, and
 * the revocations asked for, in order. (The real proxy lives in the console module, which compute must not import;
 * the end-to-end tests run compute on it.)
 */
final class RecordedConsoles implements RemoteConsoles {
    private final List<String> revocations = new ArrayList<>();

    @Override
    public String issue(String serverId, ConsoleType kind) {
        return "http://console.test/" + kind.typeName() + "/" + serverId;
    }

    @Override
    public synchronized void revokeStopped(String serverId) {
        revocations.add("stopped " + serverId);
    }

    @Override
    public synchronized void revokeDeleted(String serverId) {
        revocations.add("deleted " + serverId);
    }

    synchronized List<String> revocations() {
        return List.copyOf(revocations);
    }
}
