package org.stackbox.storage.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * Writes a new qcow2 (version 3) file that holds no data yet, optionally over a backing file, laid out as
 * {@code qemu-img create} lays it out: the header in cluster 0, the refcount table in cluster 1, one refcount block in
 * cluster 2, the (all zero) L1 table from cluster 3. It is the same few hundred kilobytes of metadata whatever the
 * virtual size, so writing it here costs well under a millisecond where starting {@code qemu-img} costs tens of
 * milliseconds: that start was most of the time of making a volume from an image.
 * See QEMU's {@code docs/interop/qcow2.txt} for the format.
 */
final class EmptyQcow2 {
    private static final int MAGIC = 0x514649fb;
    private static final int CLUSTER_BITS = 16;
    private static final int CLUSTER_SIZE = 1 << CLUSTER_BITS;
    /** 16-bit refcounts, QEMU's default. */
    private static final int REFCOUNT_ORDER = 4;
    private static final int REFCOUNTS_PER_BLOCK = CLUSTER_SIZE / 2;
    /** The version 3 header with the compression type byte, padded to a multiple of 8. */
    private static final int HEADER_LENGTH = 112;
    private static final int BACKING_FORMAT_EXTENSION = 0xe2792aca;
    /** Each L2 table maps one cluster's worth of 8-byte entries, each entry one cluster. */
    private static final long BYTES_PER_L2_TABLE = (long) CLUSTER_SIZE * (CLUSTER_SIZE / 8);
    private static final int MAXIMUM_BACKING_NAME = 1023;
    private static final long REFCOUNT_TABLE_OFFSET = CLUSTER_SIZE;
    private static final long REFCOUNT_BLOCK_OFFSET = 2L * CLUSTER_SIZE;
    private static final long L1_TABLE_OFFSET = 3L * CLUSTER_SIZE;

    private EmptyQcow2() {}

    /** A backing file: its name as it will be stored (relative to the new file's directory) and its format. */
    record Backing(String name, String format) {
        Backing {
            requireNonNull(name, "name is null");
            requireNonNull(format, "format is null");
            if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAXIMUM_BACKING_NAME) {
                throw new IllegalArgumentException("backing file name must be 1 to 1023 bytes: " + name);
            }
            if (format.isEmpty() || format.length() > 16) {
                throw new IllegalArgumentException("implausible backing format: " + format);
            }
        }
    }

    /**
     * Writes a new file {@code target} (which must not exist) of {@code size} bytes, rounded up to whole 512-byte
     * sectors as {@code qemu-img create} rounds it.
     */
    static void write(Path target, long size, Optional<Backing> backing) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("virtual size must be positive: " + size);
        }
        long virtualSize = (size + 511) & ~511L;
        long l1Entries = (virtualSize + BYTES_PER_L2_TABLE - 1) / BYTES_PER_L2_TABLE;
        long l1Clusters = (l1Entries * 8 + CLUSTER_SIZE - 1) / CLUSTER_SIZE;
        long usedClusters = 3 + l1Clusters;
        if (usedClusters > REFCOUNTS_PER_BLOCK) {
            throw new IllegalArgumentException("virtual size too large for one refcount block: " + virtualSize);
        }
        ByteBuffer header = header(virtualSize, (int) l1Entries, backing);
        ByteBuffer refcountTable = ByteBuffer.allocate(8).putLong(0, REFCOUNT_BLOCK_OFFSET);
        ByteBuffer refcountBlock = ByteBuffer.allocate((int) usedClusters * 2);
        for (int cluster = 0; cluster < usedClusters; cluster++) {
            refcountBlock.putShort(cluster * 2, (short) 1);
        }
        try (FileChannel channel = FileChannel.open(target, CREATE_NEW, WRITE)) {
            writeFully(channel, header, 0);
            writeFully(channel, refcountTable, REFCOUNT_TABLE_OFFSET);
            writeFully(channel, refcountBlock, REFCOUNT_BLOCK_OFFSET);
            // The L1 table is all zeros: extending the file to its end makes it (a sparse hole reads as zeros).
            writeFully(channel, ByteBuffer.allocate(1), L1_TABLE_OFFSET + l1Entries * 8 - 1);
        }
    }

    private static ByteBuffer header(long virtualSize, int l1Entries, Optional<Backing> backing) {
        ByteBuffer header = ByteBuffer.allocate(CLUSTER_SIZE);
        header.putInt(MAGIC)
                .putInt(3)
                .putLong(0) // backing file offset, set below
                .putInt(0) // backing file name length, set below
                .putInt(CLUSTER_BITS)
                .putLong(virtualSize)
                .putInt(0) // no encryption
                .putInt(l1Entries)
                .putLong(L1_TABLE_OFFSET)
                .putLong(REFCOUNT_TABLE_OFFSET)
                .putInt(1) // refcount table clusters
                .putInt(0) // snapshots
                .putLong(0) // snapshots offset
                .putLong(0) // incompatible features
                .putLong(0) // compatible features
                .putLong(0) // autoclear features
                .putInt(REFCOUNT_ORDER)
                .putInt(HEADER_LENGTH)
                .put((byte) 0); // compression type zlib
        header.position(HEADER_LENGTH);
        if (backing.isPresent()) {
            byte[] format = backing.get().format().getBytes(StandardCharsets.US_ASCII);
            header.putInt(BACKING_FORMAT_EXTENSION).putInt(format.length).put(format);
            header.position(align8(header.position()));
        }
        header.putInt(0).putInt(0); // end of header extensions
        if (backing.isPresent()) {
            byte[] name = backing.get().name().getBytes(StandardCharsets.UTF_8);
            int offset = header.position();
            header.put(name);
            header.putLong(8, offset).putInt(16, name.length);
        }
        header.flip();
        return header;
    }

    private static int align8(int position) {
        return (position + 7) & ~7;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
