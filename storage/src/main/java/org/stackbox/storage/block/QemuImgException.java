package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** {@code qemu-img} exited with an error or ran out of time; the message is its own (its stderr, on one line). */
public final class QemuImgException extends RuntimeException {
    private final List<String> command;
    private final int exitCode;
    private final String standardError;

    QemuImgException(List<String> command, int exitCode, String standardError, String message) {
        super(requireNonNull(message, "message is null"));
        this.command = List.copyOf(requireNonNull(command, "command is null"));
        this.exitCode = exitCode;
        this.standardError = requireNonNull(standardError, "standardError is null");
    }

    public List<String> command() { return command; }

    /** The exit code, or -1 when the process was killed on its timeout. */
    public int exitCode() { return exitCode; }

    public String standardError() { return standardError; }

    /** Another process (a running QEMU) holds the image's lock: the image is in use. */
    public boolean isLockConflict() {
        return standardError.contains("Failed to get") && standardError.contains("lock");
    }
}
