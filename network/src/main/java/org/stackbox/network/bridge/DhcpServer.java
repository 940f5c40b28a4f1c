package org.stackbox.network.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One network's dnsmasq, a daemon of its own in the namespace (so that guests keep their leases while Stackbox
 * restarts), with its files in {@code directory}: found again by its pid file and told apart from a process that reused
 * the pid by its command line, which names that pid file. A change of the host or options file is a {@code SIGHUP}
 * (dnsmasq reads both again); a change of its command line (a subnet, the MTU) a restart, and so is a host file that
 * gives an address another MAC address than its lease has (a deleted port's address on a new port): dnsmasq reads its
 * leases only as it starts, and the stale lease is dropped from the file before.
 */
final class DhcpServer {
    private final NetworkNamespace namespace;
    private final Path directory;

    DhcpServer(NetworkNamespace namespace, Path directory) {
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.directory = requireNonNull(directory, "directory is null");
    }

    Path directory() {
        return directory;
    }

    /** Makes the running dnsmasq serve {@code config}: starts, reloads or restarts it as needed. */
    void apply(DhcpConfig config) {
        try {
            Files.createDirectories(directory);
            boolean hostsChanged = write(directory.resolve("host"), config.hostsFile());
            boolean optionsChanged = write(directory.resolve("opts"), config.optionsFile());
            linkTftpRoots(config.tftpLinks());
            List<String> command = config.command(directory);
            Optional<ProcessHandle> running = process();
            // dnsmasq reads its lease file only when it starts: a lease to drop takes a restart (without it).
            String leasesBefore = leases();
            boolean leaseConflicts = hostsChanged
                    && !leasesBefore.equals(DhcpConfig.leasesWithoutConflicts(leasesBefore, config.hostsFile()));
            if (running.isPresent() && Daemons.commandLine(running.get()).equals(command) && !leaseConflicts) {
                if (hostsChanged || optionsChanged) {
                    HostCommand.run(List.of("kill", "-HUP", Long.toString(running.get().pid())));
                }
                return;
            }
            running.ifPresent(Daemons::stop);
            String leases = leases();
            String kept = DhcpConfig.leasesWithoutConflicts(leases, config.hostsFile());
            if (!kept.equals(leases)) {
                write(directory.resolve("leases"), kept);
            }
            HostCommand.run(namespace.inside(command));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the DHCP files in " + directory, e);
        }
    }

    /** dnsmasq's lease file as it is now, empty if there is none yet. */
    private String leases() throws IOException {
        Path file = directory.resolve("leases");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The live dnsmasq of this directory, if any. */
    Optional<ProcessHandle> process() {
        return Daemons.find(directory.resolve("pid"), "--pid-file=" + directory.resolve("pid"));
    }

    /** Stops dnsmasq and removes its files. */
    void remove() {
        process().ifPresent(Daemons::stop);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }

    /** Makes the TFTP root hold exactly one link per address to that address's TFTP directory. */
    private void linkTftpRoots(Map<String, Path> links) throws IOException {
        Path root = Files.createDirectories(directory.resolve(DhcpConfig.TFTP_LINKS));
        try (Stream<Path> present = Files.list(root)) {
            for (Path link : present.toList()) {
                Path wanted = links.get(link.getFileName().toString());
                if (wanted == null || !Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(wanted)) {
                    Files.delete(link);
                }
            }
        }
        for (Map.Entry<String, Path> link : links.entrySet()) {
            Path path = root.resolve(link.getKey());
            if (!Files.isSymbolicLink(path)) {
                Files.createSymbolicLink(path, link.getValue());
            }
        }
    }

    /** Writes the file if its text changed; true if it did. */
    private static boolean write(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return false;
        }
        Path staging = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(staging, text, StandardCharsets.UTF_8);
        Files.move(staging, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
