package org.stackbox.compute.model;

import static java.util.Objects.requireNonNull;

/** Why a server is in ERROR, as Nova's {@code fault} shows it. */
public record Fault(int code, String message) {
    public Fault {
        requireNonNull(message, "message is null");
    }
}
