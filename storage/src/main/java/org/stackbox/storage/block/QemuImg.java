package org.stackbox.storage.block;

import org.stackbox.common.process.ChildProcesses;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.common.Json;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code qemu-img}: an argument list (never a shell string), a timeout per call, stdout and stderr captured.
 * A non-zero exit or a timeout becomes a {@link QemuImgException} carrying qemu-img's own message.
 */
public final class QemuImg {
    private static final File NULL_DEVICE = new File("/dev/null");

    private final Path executable;

    public QemuImg(Path executable) {
        this.executable = requireNonNull(executable, "executable is null");
    }

    /** The {@code qemu-img} found at its Debian place. */
    public static QemuImg system() {
        return new QemuImg(Path.of("/usr/bin/qemu-img"));
    }

    /** Runs {@code qemu-img arguments...} and returns its standard output. */
    public String run(Duration timeout, List<String> arguments) {
        requireNonNull(timeout, "timeout is null");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(requireNonNull(arguments, "arguments is null"));
        Process process;
        try {
            process = ChildProcesses.dyingWithStackbox(command).redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        StreamCollector output = StreamCollector.start(process.getInputStream(), "qemu-img stdout");
        StreamCollector errors = StreamCollector.start(process.getErrorStream(), "qemu-img stderr");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new QemuImgException(command, -1, errors.text(),
                        "qemu-img %s timed out after %s".formatted(arguments.get(0), timeout));
            }
            String standardError = errors.text();
            if (process.exitValue() != 0) {
                throw new QemuImgException(command, process.exitValue(), standardError, message(standardError));
            }
            return output.text();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new QemuImgException(command, -1, "", "interrupted while waiting for qemu-img");
        }
    }

    public String run(Duration timeout, String... arguments) {
        return run(timeout, List.of(arguments));
    }

    /** Runs a command given {@code --output=json} and parses what it prints. */
    public JsonNode runJson(Duration timeout, List<String> arguments) {
        String output = run(timeout, arguments);
        try {
            return Json.MAPPER.readTree(output);
        } catch (IOException e) {
            throw new QemuImgException(arguments, 0, "", "qemu-img printed unreadable JSON: " + e.getMessage());
        }
    }

    /** qemu-img's message: its stderr, on one line. */
    private static String message(String standardError) {
        String joined = standardError.strip().replaceAll("\\s*\\n\\s*", " ");
        return joined.isEmpty() ? "qemu-img failed without a message" : joined;
    }

    /** Drains one of the process's streams on its own thread, so that neither pipe can fill up and block it. */
    private static final class StreamCollector {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        private StreamCollector(InputStream stream, String name) {
            this.thread = new Thread(() -> drain(stream), name);
            this.thread.setDaemon(true);
        }

        static StreamCollector start(InputStream stream, String name) {
            StreamCollector collector = new StreamCollector(stream, name);
            collector.thread.start();
            return collector;
        }

        private void drain(InputStream stream) {
            try (stream) {
                stream.transferTo(buffer);
            } catch (IOException e) {
                // The process died; what was read so far is all there is.
            }
        }

        String text() throws InterruptedException {
            thread.join();
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
