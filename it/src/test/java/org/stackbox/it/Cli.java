package org.stackbox.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an official OpenStack client the way a user does, in a clean environment, with a time limit. */
public final class Cli {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Cli() {}

    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("%s exited with %d%nstdout:%n%s%nstderr:%n%s".formatted(
                        String.join(" ", command), exitCode, stdout, stderr));
            }
            return this;
        }

        public String output() {
            return stdout + stderr;
        }
    }

    /** Runs {@code command} with exactly {@code environment} (plus PATH and a private HOME). */
    public static Result run(Map<String, String> environment, Path home, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(environment);
        Path stdout = Files.createTempFile("cli", ".out");
        Path stderr = Files.createTempFile("cli", ".err");
        try {
            Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT);
            }
            Result result = new Result(List.of(command), process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
            System.out.printf("$ %s -> %d%n%s%s", String.join(" ", command), result.exitCode(), result.stdout(), result.stderr());
            return result;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
