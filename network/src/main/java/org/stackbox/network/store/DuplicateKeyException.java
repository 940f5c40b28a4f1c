package org.stackbox.network.store;

/** An insert that would give a second row the same address, MAC address or host port. */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
