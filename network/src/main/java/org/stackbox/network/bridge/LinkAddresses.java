package org.stackbox.network.bridge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Makes a link's IPv4 addresses exactly those wanted, removing the others, with {@code ip} in some namespace. */
final class LinkAddresses {
    private LinkAddresses() {}

    /** {@code ip}: the command that reaches the link's namespace ({@code ip -n NAME}, or {@code ip} for the host's). */
    static void set(List<String> ip, String device, Set<String> wanted) {
        Set<String> present = new HashSet<>();
        for (String line : HostCommand.run(command(ip, "-o", "-4", "addr", "show", "dev", device)).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            for (int index = 0; index + 1 < fields.length; index++) {
                if (fields[index].equals("inet")) {
                    present.add(fields[index + 1]);
                }
            }
        }
        for (String address : present) {
            if (!wanted.contains(address)) {
                HostCommand.run(command(ip, "addr", "delete", address, "dev", device));
            }
        }
        for (String address : wanted) {
            if (!present.contains(address)) {
                HostCommand.run(command(ip, "addr", "add", address, "dev", device));
            }
        }
    }

    private static List<String> command(List<String> ip, String... arguments) {
        List<String> command = new ArrayList<>(ip);
        command.addAll(List.of(arguments));
        return command;
    }
}
