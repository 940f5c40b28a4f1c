package org.stackbox.network.bridge;

import java.nio.file.Path;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Where a bridged cloud keeps its data plane: its namespace, the directory of its DHCP servers' files (one
 * directory per network), and where the metadata service answers for each server (by server id).
 */
public record BridgedHost(NetworkNamespace namespace, Path dhcpDirectory, Function<String, Path> metadataSocket) {
    public BridgedHost {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(dhcpDirectory, "dhcpDirectory is null");
        requireNonNull(metadataSocket, "metadataSocket is null");
    }
}
