package org.stackbox.storage.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Image data as plain files in one directory, {@code <root>/<image id>}. A write goes to
 * {@code <root>/.incoming/<image id>.<random>.part}, is flushed to disk, and is renamed into place on commit; the
 * rename is atomic, so an image file is either complete or absent. Partial files left by a crash are removed when the
 * store opens, which is safe because one Stackbox process owns its data directory.
 */
public final class LocalImageStore implements ImageStore {
    private static final Pattern IMAGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String INCOMING = ".incoming";

    private final Path root;
    private final Path incoming;
    private final StreamingWriter writer;

    private LocalImageStore(Path root, StreamingWriter writer) {
        this.root = requireNonNull(root, "root is null");
        this.incoming = root.resolve(INCOMING);
        this.writer = requireNonNull(writer, "writer is null");
    }

    /** Opens (creating it if needed) the store in {@code root}, removing partial writes a crash left behind. */
    public static LocalImageStore open(Path root) {
        Path directory = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory.resolve(INCOMING));
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory.resolve(INCOMING))) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the image store in " + directory, e);
        }
        return new LocalImageStore(directory, new StreamingWriter());
    }

    public Path root() {
        return root;
    }

    @Override
    public PendingImage write(String imageId, InputStream data, long maxBytes) throws IOException {
        requireNonNull(data, "data is null");
        Path target = file(imageId);
        Path partial = incoming.resolve(imageId + "." + UUID.randomUUID() + ".part");
        boolean written = false;
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WrittenData result = writer.copy(data, channel, maxBytes);
            written = true;
            return new LocalPendingImage(partial, target, result);
        } catch (IOException e) {
            throw spaceLeft() ? new StoreFullException("The image store has no space left.", e) : e;
        } finally {
            if (!written) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Moves {@code file} into the store's incoming directory, then reads it once for its digests and flushes it. */
    @Override
    public PendingImage adopt(String imageId, Path file, UnaryOperator<InputStream> observer, long maxBytes)
            throws IOException {
        Path target = file(imageId);
        Path partial = incoming.resolve(imageId + "." + UUID.randomUUID() + ".part");
        try {
            Files.move(file, partial, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            return ImageStore.super.adopt(imageId, file, observer, maxBytes);
        }
        boolean digested = false;
        try (InputStream data = observer.apply(Files.newInputStream(partial));
             FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            WrittenData result = writer.digest(data, maxBytes);
            channel.force(true);
            digested = true;
            return new LocalPendingImage(partial, target, result);
        } finally {
            if (!digested) {
                Files.deleteIfExists(partial);
            }
        }
    }

    @Override
    public OptionalLong size(String imageId) throws IOException {
        Path file = file(imageId);
        try {
            return OptionalLong.of(Files.size(file));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public InputStream read(String imageId, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file(imageId), StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (offset < 0 || length < 0 || offset > size || length > size - offset) {
                throw new IllegalArgumentException("bytes %d+%d are not within the %d bytes of image %s"
                        .formatted(offset, length, size, imageId));
            }
            return new RangeInputStream(channel, offset, length);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(String imageId) throws IOException {
        Files.deleteIfExists(file(imageId));
    }

    @Override
    public Optional<Path> localPath(String imageId) {
        Path file = file(imageId);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Path file(String imageId) {
        requireNonNull(imageId, "imageId is null");
        if (!IMAGE_ID.matcher(imageId).matches()) {
            throw new IllegalArgumentException("not an image id: " + imageId);
        }
        return root.resolve(imageId);
    }

    private boolean spaceLeft() {
        try {
            return Files.getFileStore(root).getUsableSpace() < StreamingWriter.BUFFER_LENGTH;
        } catch (IOException e) {
            return false;
        }
    }

    private final class LocalPendingImage implements PendingImage {
        private final Path partial;
        private final Path target;
        private final WrittenData data;
        private boolean committed;

        LocalPendingImage(Path partial, Path target, WrittenData data) {
            this.partial = partial;
            this.target = target;
            this.data = data;
        }

        @Override
        public WrittenData data() {
            return data;
        }

        @Override
        public synchronized void commit() throws IOException {
            if (committed) {
                throw new IllegalStateException("already committed");
            }
            if (Files.exists(target)) {
                throw new IOException("image " + target.getFileName() + " already has data");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
            // The rename is durable only once the directory entry is.
            try (FileChannel directory = FileChannel.open(root, StandardOpenOption.READ)) {
                directory.force(true);
            }
        }

        @Override
        public synchronized void close() {
            if (!committed) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    // Removed at the next start at the latest.
                }
            }
        }
    }
}
