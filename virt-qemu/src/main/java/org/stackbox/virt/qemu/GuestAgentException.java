package org.stackbox.virt.qemu;

import static java.util.Objects.requireNonNull;

/** A guest agent call that did not succeed; {@link #kind()} says whether the agent answered at all. */
public final class GuestAgentException extends RuntimeException {
    public enum Kind {
        /** No agent answered in time, or its socket could not be reached. */
        UNRESPONSIVE,
        /** The agent answered with an error. */
        REFUSED
    }

    private final Kind kind;

    private GuestAgentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    static GuestAgentException unresponsive(String message, Throwable cause) {
        return new GuestAgentException(Kind.UNRESPONSIVE, message, cause);
    }

    static GuestAgentException refused(String message) {
        return new GuestAgentException(Kind.REFUSED, message, null);
    }

    public Kind kind() { return kind; }
}
