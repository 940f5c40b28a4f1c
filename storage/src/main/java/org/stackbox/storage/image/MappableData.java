package org.stackbox.storage.image;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Image data that is a region of a local file, which can therefore be handed on as read-only mappings of the file:
 * a socket write then copies straight from the page cache, instead of the bytes going through a buffer in the heap and
 * a second, direct one. Downloads use it when the HTTP server takes buffers.
 */
public interface MappableData {
    /** Receives the mappings, in order; each is valid until the data is closed. */
    @FunctionalInterface
    interface Sink {
        void write(ByteBuffer mapping) throws IOException;
    }

    /** Hands what remains of the data to {@code sink} as mappings of at most a few tens of megabytes each. */
    void transferMapped(Sink sink) throws IOException;
}
