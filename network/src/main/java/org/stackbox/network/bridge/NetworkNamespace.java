package org.stackbox.network.bridge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The network namespace a bridged cloud keeps its bridges, taps, DHCP servers and metadata proxy in, so that the host's
 * own interfaces, routes and firewall are never touched. {@code ip netns} names it {@code stackbox-<hash>}, the hash of
 * the data directory's real path: two clouds on one host (two data directories) never share one, and a restarted cloud
 * finds its own again.
 */
public record NetworkNamespace(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    public NetworkNamespace {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a namespace name: " + name);
        }
    }

    /** The namespace of the cloud whose data directory is {@code dataDirectory}. */
    public static NetworkNamespace forDataDirectory(Path dataDirectory) {
        String path = dataDirectory.toAbsolutePath().normalize().toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return new NetworkNamespace("stackbox-" + HexFormat.of().formatHex(digest).substring(0, 10));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The namespace of one router of this cloud: the cloud's name, a dash and the router id's first 8 characters. */
    public NetworkNamespace forRouter(String routerId) {
        return new NetworkNamespace(name + "-" + routerId.substring(0, 8));
    }

    /** The namespaces of this cloud's routers that exist now. */
    List<NetworkNamespace> routerNamespaces() {
        List<NetworkNamespace> found = new ArrayList<>();
        for (String line : HostCommand.run(List.of("ip", "netns", "list")).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (!fields[0].isEmpty() && fields[0].startsWith(name + "-")) {
                found.add(new NetworkNamespace(fields[0]));
            }
        }
        return found;
    }

    /** Its IPv4 addresses on {@code device} become exactly {@code wanted} (address/prefix). */
    void setAddresses(String device, java.util.Set<String> wanted) {
        LinkAddresses.set(List.of("ip", "-n", name), device, wanted);
    }

    /** The file {@code ip netns} binds the namespace to; what {@code nsenter --net=} enters. */
    public Path path() {
        return Path.of("/run/netns", name);
    }

    public boolean exists() {
        return Files.exists(path());
    }

    /** Makes the namespace, with its loopback up, unless it exists. */
    void create() {
        if (!exists()) {
            HostCommand.run(List.of("ip", "netns", "add", name));
        }
        ip("link", "set", "lo", "up");
    }

    /** Deletes the namespace and everything in it (bridges and taps go with it). */
    void delete() {
        if (exists()) {
            HostCommand.run(List.of("ip", "netns", "delete", name));
        }
    }

    /** {@code ip -n NAME ARGS...}: its output, or a failure. */
    String ip(String... arguments) {
        return HostCommand.run(ipCommand(arguments));
    }

    /** {@code ip -n NAME ARGS...}, which may fail (to ask whether something exists). */
    HostCommand.Result tryIp(String... arguments) {
        return HostCommand.attempt(ipCommand(arguments));
    }

    /** {@code command} run inside the namespace: {@code nsenter --net=PATH} enters it and execs the command. */
    public List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + path(), "--"));
        full.addAll(command);
        return List.copyOf(full);
    }

    private List<String> ipCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(arguments));
        return command;
    }
}
