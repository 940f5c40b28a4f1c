package org.stackbox.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What of the host's network a bridged cloud may own, read with {@code ip} and {@code /proc}: the network namespaces,
 * the bridges and taps in one of them (or the host's own), and the dnsmasq processes serving a data directory.
 *
 * @param namespaces {@code ip netns list}'s names
 */
record HostState(List<String> namespaces) {
    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:")).anyMatch(line -> line.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    static HostState now() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (String line : run("ip", "netns", "list").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        return new HostState(List.copyOf(names));
    }

    /** The bridges in {@code namespace}, or the host's when it is null. */
    List<String> bridges(String namespace) throws IOException, InterruptedException {
        return links(namespace, "bridge");
    }

    /** The taps (tun devices) in {@code namespace}, or the host's when it is null. */
    List<String> taps(String namespace) throws IOException, InterruptedException {
        return links(namespace, "tun");
    }

    /** The veth ends in {@code namespace}, or the host's when it is null. */
    List<String> veths(String namespace) throws IOException, InterruptedException {
        return links(namespace, "veth");
    }

    /** The pids of the dnsmasq processes whose command line names a file under {@code dataDirectory}. */
    List<Long> dnsmasqOf(Path dataDirectory) {
        String root = dataDirectory.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(process -> {
            try {
                String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()),
                        "cmdline")), StandardCharsets.UTF_8);
                return commandLine.startsWith("dnsmasq\0") && commandLine.contains(root + "/");
            } catch (IOException e) {
                return false;
            }
        }).map(ProcessHandle::pid).sorted().toList();
    }

    private static List<String> links(String namespace, String type) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        command.addAll(List.of("-o", "link", "show", "type", type));
        List<String> names = new ArrayList<>();
        for (String line : run(command.toArray(String[]::new)).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1) {
                names.add(fields[1].replaceAll(":$", "").replaceAll("@.*", ""));
            }
        }
        return names.stream().sorted().toList();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
