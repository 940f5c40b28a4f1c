package org.stackbox.virt.qemu;

import static java.util.Objects.requireNonNull;

/** QMP did not do what was asked: QEMU answered with an error, did not answer in time, or went away. */
public final class QmpException extends RuntimeException {
    /** What went wrong on the QMP connection. */
    public enum Kind {
        /** QEMU answered the command with an error ({@link #errorClass()} says which). */
        COMMAND_ERROR,
        /** No answer within the command's timeout. */
        TIMEOUT,
        /** The socket could not be reached or closed under us. */
        CONNECTION
    }

    private final Kind kind;
    private final String errorClass;

    public QmpException(Kind kind, String errorClass, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = requireNonNull(kind, "kind is null");
        this.errorClass = requireNonNull(errorClass, "errorClass is null");
    }

    public static QmpException commandError(String command, String errorClass, String description) {
        return new QmpException(Kind.COMMAND_ERROR, errorClass, command + ": " + description, null);
    }

    public static QmpException timeout(String what) {
        return new QmpException(Kind.TIMEOUT, "", "No answer from QEMU in time: " + what, null);
    }

    public static QmpException connection(String message, Throwable cause) {
        return new QmpException(Kind.CONNECTION, "", message, cause);
    }

    public Kind kind() { return kind; }

    /** QEMU's error class (e.g. {@code GenericError}, {@code DeviceNotFound}); empty unless a command error. */
    public String errorClass() { return errorClass; }
}
