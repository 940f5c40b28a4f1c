package org.stackbox.network.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The data plane's daemons (dnsmasq, the metadata proxy) as the operating system sees them: found again through a pid
 * file and told apart from an unrelated process that reused the pid by an argument only theirs has (a path in their
 * directory).
 */
final class Daemons {
    private Daemons() {}

    /** The live process named in {@code pidFile} whose command line has the argument {@code marker}. */
    static Optional<ProcessHandle> find(Path pidFile, String marker) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> commandLine(handle).contains(marker));
    }

    /** Its arguments, from {@code /proc}; empty for a process that is gone. */
    static List<String> commandLine(ProcessHandle process) {
        try {
            String text = new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8);
            return List.of(text.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** SIGTERM, and SIGKILL if it has not ended within 5 s. */
    static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
