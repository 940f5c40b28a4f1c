package org.stackbox.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real {@code stackbox serve} process on a free loopback port, started from the built jar exactly as the
 * {@code stackbox} launcher starts it, with its output kept for assertions and for the test log.
 */
public final class StackboxProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String READY_LINE = "Stackbox is serving on ";

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final List<String> output;
    private final Thread outputReader;

    private StackboxProcess(Process process, Path dataDir, int port, List<String> output, Thread outputReader) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        this.output = output;
        this.outputReader = outputReader;
    }

    public static StackboxProcess start(Path dataDir, String... extraArguments) throws IOException, InterruptedException {
        return start(dataDir, freePort(), extraArguments);
    }

    public static StackboxProcess start(Path dataDir, int port, String... extraArguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-jar", jar().toString(), "serve",
                "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:" + port));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean ready = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    System.out.println("[stackbox:" + port + "] " + line);
                    if (line.startsWith(READY_LINE)) {
                        ready.set(true);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "stackbox-output-" + port);
        reader.setDaemon(true);
        reader.start();
        StackboxProcess stackbox = new StackboxProcess(process, dataDir, port, output, reader);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!ready.get()) {
            if (!process.isAlive()) {
                reader.join(2000);
                return stackbox;
            }
            if (Instant.now().isAfter(deadline)) {
                stackbox.close();
                throw new IllegalStateException("stackbox serve did not become ready in " + START_TIMEOUT + ": " + output);
            }
            Thread.sleep(50);
        }
        return stackbox;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("stackbox.jar", "../server/target/stackbox.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " does not exist: build with `mvn verify` (or scripts/build) first");
        }
        return jar;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("stackbox did not exit within " + timeout);
        }
        outputReader.join(5000);
        return process.exitValue();
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The admin's environment, read from the {@code openrc} file the server wrote. */
    public Map<String, String> adminEnvironment() throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (String line : Files.readAllLines(dataDir.resolve("openrc"))) {
            if (line.startsWith("export ")) {
                String assignment = line.substring("export ".length());
                int equals = assignment.indexOf('=');
                String value = assignment.substring(equals + 1);
                if (value.startsWith("'") && value.endsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                environment.put(assignment.substring(0, equals), value);
            }
        }
        return environment;
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the server as a crash or the OOM killer does ({@code kill -9}: nothing of it runs any more), and waits. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** Stops the server the way an operator does: SIGTERM, then waits for it to exit. */
    public int terminate() throws InterruptedException {
        // Process.destroy() would also close our end of its output, losing what it prints while stopping.
        process.toHandle().destroy();
        return waitForExit(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
