package org.stackbox.network.bridge;

import org.stackbox.common.process.ChildProcesses;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the host's network tools ({@code ip}, {@code nsenter}, {@code kill}) and waits for it, dying with
 * Stackbox as every such child does. A tool that fails is an {@link IllegalStateException} naming the command and what
 * it wrote on its error output, since a bridge or tap that could not be made is a fault of the host, not of a request.
 */
final class HostCommand {
    private static final long TIMEOUT_SECONDS = 20;

    private HostCommand() {}

    /** The command's standard output; it must succeed. */
    static String run(List<String> command) {
        Result result = attempt(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.errors().strip());
        }
        return result.output();
    }

    /** The command's exit code and output, whatever it was. */
    static Result attempt(List<String> command) {
        try {
            File errors = File.createTempFile("stackbox-command", ".err");
            try {
                Process process = ChildProcesses.dyingWithStackbox(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectError(errors)
                        .start();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not end within "
                            + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                        java.nio.file.Files.readString(errors.toPath()));
            } finally {
                errors.delete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    record Result(int exitCode, String output, String errors) {}
}
