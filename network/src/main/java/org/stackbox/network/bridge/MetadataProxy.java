package org.stackbox.network.bridge;

import org.stackbox.network.Ipam;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One network's metadata proxy, what Neutron's haproxy in the DHCP namespace is: {@code socat} listening on
 * {@code 169.254.169.254:80} bound to the network's bridge ({@code so-bindtodevice}, so each network has its own and
 * answers go back out of the bridge they came in by, even where two networks' subnets overlap). For each connection it
 * runs {@code metadata-connect}, which joins it to the metadata socket of the server whose port has the guest's source
 * address on this network: {@code metadata/<address>} is a link to that server's own socket, the same socket a
 * user-mode card's guest reaches, so a guest gets its own server's data and an address no port has gets nothing.
 * That the source address is the guest's own is what anti-spoofing (security groups' port rules) ensures.
 */
final class MetadataProxy {
    private final NetworkNamespace namespace;
    private final Path directory;
    private final String bridge;

    MetadataProxy(NetworkNamespace namespace, Path directory, String bridge) {
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.bridge = requireNonNull(bridge, "bridge is null");
    }

    /** Serves the guests at these addresses, each from its server's metadata socket; starts the proxy if needed. */
    void apply(Map<String, Path> socketsByAddress) {
        try {
            Path links = Files.createDirectories(directory.resolve("metadata"));
            try (Stream<Path> present = Files.list(links)) {
                for (Path link : present.toList()) {
                    Path wanted = socketsByAddress.get(link.getFileName().toString());
                    if (wanted == null || !Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(wanted)) {
                        Files.delete(link);
                    }
                }
            }
            for (Map.Entry<String, Path> entry : socketsByAddress.entrySet()) {
                Path link = links.resolve(entry.getKey());
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, entry.getValue());
                }
            }
            Path connect = directory.resolve("metadata-connect");
            String script = "#!/bin/sh\n# One guest connection, joined to its server's metadata socket.\n"
                    + "exec socat -lf /dev/null STDIO \"UNIX-CONNECT:" + links + "/$SOCAT_PEERADDR\"\n";
            if (!Files.exists(connect) || !Files.readString(connect).equals(script)) {
                Files.writeString(connect, script);
                Files.setPosixFilePermissions(connect, PosixFilePermissions.fromString("rwx------"));
            }
            if (process().isEmpty()) {
                start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the metadata proxy in " + directory, e);
        }
    }

    /** The running proxy of this network, if any. */
    Optional<ProcessHandle> process() {
        return Daemons.find(pidFile(), "EXEC:" + directory.resolve("metadata-connect"));
    }

    /** Stops the proxy and removes its links (the directory itself is the DHCP server's). */
    void remove() {
        process().ifPresent(Daemons::stop);
        try {
            Path links = directory.resolve("metadata");
            if (Files.isDirectory(links)) {
                try (Stream<Path> present = Files.list(links)) {
                    for (Path link : present.toList()) {
                        Files.delete(link);
                    }
                }
                Files.delete(links);
            }
            Files.deleteIfExists(directory.resolve("metadata-connect"));
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A daemon of its own ({@code setsid}), like the network's dnsmasq: it outlives a restart of Stackbox, whose
     * metadata sockets come back at the same paths.
     */
    private void start() throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(namespace.inside(List.of("socat", "-lf", "/dev/null",
                "TCP4-LISTEN:80,bind=" + Ipam.METADATA_ADDRESS + ",so-bindtodevice=" + bridge
                        + ",reuseaddr,fork,max-children=32",
                "EXEC:" + directory.resolve("metadata-connect"))));
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        Files.writeString(pidFile(), Long.toString(process.pid()));
    }

    private Path pidFile() {
        return directory.resolve("metadata.pid");
    }
}
