package org.stackbox.storage.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Where image data lives, one immutable blob per image id. Writes stream: the data is hashed on the way and never
 * held in memory, and nothing becomes readable under the image id until {@link PendingImage#commit()}, so a broken
 * upload or a crash never leaves partial data behind an id. Reads are ranged, so that downloads can resume.
 *
 * <p>Implementations are thread-safe. The local file store is the default; a Ceph RBD store implements the same
 * contract later (write to a temporary RBD image, rename on commit).
 */
public interface ImageStore {
    /**
     * Streams {@code data} to its end into a new pending blob for {@code imageId}, computing its size, md5 and
     * sha512. The caller owns the result and must {@link PendingImage#commit() commit} or close it; on any
     * exception nothing is left behind.
     *
     * @param maxBytes the most bytes accepted; more is an {@link ImageTooLargeException}
     * @throws ImageTooLargeException when the data exceeds {@code maxBytes}
     * @throws StoreFullException when the store runs out of space
     * @throws IOException when reading {@code data} fails (e.g. the client went away) or the store fails
     */
    PendingImage write(String imageId, InputStream data, long maxBytes) throws IOException;

    /**
     * Takes {@code file} as the pending data of {@code imageId}, computing its size, md5 and sha512 over one read of
     * it passed through {@code observer} (e.g. a format inspector). A store on the same file system moves the file
     * in rather than writing the data again; the file is gone afterwards either way (on failure too). Otherwise as
     * {@link #write}.
     */
    default PendingImage adopt(String imageId, Path file, UnaryOperator<InputStream> observer, long maxBytes)
            throws IOException {
        try (InputStream data = observer.apply(Files.newInputStream(file))) {
            return write(imageId, data, maxBytes);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Size of the committed data of {@code imageId}; empty when there is none. */
    OptionalLong size(String imageId) throws IOException;

    /**
     * Opens {@code length} bytes of the committed data of {@code imageId}, starting at {@code offset}.
     *
     * @throws java.nio.file.NoSuchFileException when there is no committed data for the id
     * @throws IllegalArgumentException when the range does not lie within the data
     */
    InputStream read(String imageId, long offset, long length) throws IOException;

    /** Removes the committed data of {@code imageId}; nothing happens when there is none. */
    void delete(String imageId) throws IOException;

    /**
     * The local file holding the committed data of {@code imageId}, for consumers on this host that use it as a
     * read-only base (qcow2 overlays of volumes and root disks); empty when there is no data or the store is not
     * local. Callers must never write to it.
     */
    Optional<Path> localPath(String imageId);
}
