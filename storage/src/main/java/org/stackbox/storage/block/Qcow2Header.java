package org.stackbox.storage.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads the backing file name straight from a qcow2 header (magic, version, backing file offset and size: the first
 * 20 bytes, big-endian, as QEMU's qcow2 specification lays them out). Finding which files still reference a node is
 * a scan of every volume file; reading 20 bytes is much cheaper than starting {@code qemu-img info} for each.
 */
final class Qcow2Header {
    private static final int MAGIC = 0x514649fb;
    private static final int MAXIMUM_BACKING_NAME = 1023;

    private Qcow2Header() {}

    /** The backing file name as stored (relative names are relative to the file's directory); empty if none. */
    static Optional<String> backingFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(20);
            readFully(channel, header, 0, file);
            header.flip();
            if (header.getInt() != MAGIC) {
                throw new IOException("not a qcow2 file: " + file);
            }
            header.getInt();
            long offset = header.getLong();
            int size = header.getInt();
            if (offset == 0 || size == 0) {
                return Optional.empty();
            }
            if (size < 0 || size > MAXIMUM_BACKING_NAME) {
                throw new IOException("implausible backing file name length " + size + " in " + file);
            }
            ByteBuffer name = ByteBuffer.allocate(size);
            readFully(channel, name, offset, file);
            return Optional.of(new String(name.array(), StandardCharsets.UTF_8));
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("truncated qcow2 header in " + file);
            }
            at += read;
        }
    }
}
