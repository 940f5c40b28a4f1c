package org.stackbox.storage.image;

import java.io.IOException;

/** The store has no space left for the data; nothing was kept. */
public final class StoreFullException extends IOException {
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
