package org.stackbox.storage.image;

import java.io.IOException;

/**
 * Data written for an image but not yet visible under its id: durable (flushed to stable storage) and hashed, waiting
 * for the caller's verdict. {@link #commit()} publishes it atomically; {@link #close()} without a commit discards it.
 */
public interface PendingImage extends AutoCloseable {
    /** Size and digests of the written data. */
    WrittenData data();

    /** Makes the data readable under the image id, replacing nothing: an id is written once. */
    void commit() throws IOException;

    /** Discards the data unless it was committed; never fails. */
    @Override
    void close();
}
