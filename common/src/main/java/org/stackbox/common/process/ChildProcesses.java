package org.stackbox.common.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The children Stackbox starts for a task and waits for (qemu-img, genisoimage, openssl, the accelerator probe): each
 * is started through {@code setpriv --pdeathsig KILL --} (util-linux), so the kernel kills it when Stackbox dies,
 * even by {@code kill -9}, instead of leaving it working on files no record owns. QEMU guests are not started here:
 * they outlive a restart by design.
 *
 * <p>The kernel sends the signal when the <em>thread</em> that started the child ends, not the process: the thread
 * that starts a child must be the one that waits for it (every caller does, on a thread that lives at least as
 * long as the call).
 */
public final class ChildProcesses {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private ChildProcesses() {}

    /** A builder for {@code command} that makes its process die with Stackbox; add redirects, then start it. */
    public static ProcessBuilder dyingWithStackbox(List<String> command) {
        return new ProcessBuilder(withParentDeathSignal(command, Files.isExecutable(SETPRIV)));
    }

    /**
     * {@code command} behind {@code setpriv}, or as it is where there is no {@code setpriv} (a start then still
     * stops what a killed Stackbox left running under its data directory).
     */
    static List<String> withParentDeathSignal(List<String> command, boolean setprivPresent) {
        requireNonNull(command, "command is null");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        if (!setprivPresent) {
            return List.copyOf(command);
        }
        List<String> prefixed = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        prefixed.addAll(command);
        return List.copyOf(prefixed);
    }
}
