package org.stackbox.virt.qemu;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * QEMU processes as the operating system sees them: started through {@code setsid} in a session of their own (so that
 * they outlive Stackbox and its terminal), found again through their pid file, and told apart from an unrelated
 * process that reused the pid by their command line, which names the domain's QMP socket.
 */
final class QemuProcess {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path NSENTER = Path.of("/usr/bin/nsenter");

    private QemuProcess() {}

    /**
     * Starts QEMU with {@code arguments}, inside the network namespace bound at {@code networkNamespace} if given
     * ({@code nsenter} enters it and execs QEMU, keeping the pid); its output goes to the run directory's
     * {@code qemu.log}.
     */
    static Process start(List<String> arguments, RunDirectory directory, Optional<Path> networkNamespace) {
        List<String> command = new ArrayList<>();
        command.add(SETSID.toString());
        networkNamespace.ifPresent(namespace -> command.addAll(List.of(NSENTER.toString(), "--net=" + namespace,
                "--")));
        command.addAll(arguments);
        try {
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.qemuLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + arguments.get(0), e);
        }
    }

    /** The domain's live QEMU process, if there is one. */
    static Optional<ProcessHandle> find(RunDirectory directory) {
        Path pidFile = directory.pidFile();
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> commandLineOf(handle.pid()).contains(directory.qmpSocket().toString()));
    }

    /** Waits up to {@code timeout} for the process to end; true if it did. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Kills the process (SIGKILL) and waits for it to be gone. */
    static void kill(ProcessHandle process, Duration timeout) {
        process.destroyForcibly();
        if (!awaitExit(process, timeout)) {
            throw new IllegalStateException("QEMU process " + process.pid() + " survived SIGKILL");
        }
    }

    /** Removes what a stopped QEMU leaves behind: its pid file and sockets. Logs and the definition stay. */
    static void removeRuntimeFiles(RunDirectory directory) {
        for (Path file : List.of(directory.pidFile(), directory.qmpSocket(), directory.vncSocket(),
                directory.serialSocket())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void deleteDirectory(RunDirectory directory) {
        if (!Files.exists(directory.path())) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory.path())) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory.path(), e);
        }
    }

    /** The last lines QEMU wrote, to say why it failed. */
    static String logTail(RunDirectory directory) {
        try {
            List<String> lines = Files.readAllLines(directory.qemuLog(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String commandLineOf(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
