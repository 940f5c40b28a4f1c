package org.stackbox.compute.metadata;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What a server's guest is told about itself that is fixed when the server is created: its host name and key. */
public record GuestIdentity(String serverId, String hostname, Optional<InstanceFacts.BootKey> key) {
    public GuestIdentity {
        requireNonNull(serverId, "serverId is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(key, "key is null");
    }
}
