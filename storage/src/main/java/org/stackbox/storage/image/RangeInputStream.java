package org.stackbox.storage.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** Reads {@code length} bytes of a file channel from {@code offset} on, with positional reads; closes the channel. */
final class RangeInputStream extends InputStream implements MappableData {
    private static final long MAPPING_LENGTH = 64L << 20;

    private final FileChannel channel;
    private long position;
    private long remaining;

    RangeInputStream(FileChannel channel, long offset, long length) {
        this.channel = Objects.requireNonNull(channel, "channel is null");
        this.position = offset;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int wanted = (int) Math.min(length, remaining);
        int count = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
        if (count < 0) {
            throw new IOException("the image file ended early; was it truncated?");
        }
        position += count;
        remaining -= count;
        return count;
    }

    @Override
    public void transferMapped(Sink sink) throws IOException {
        while (remaining > 0) {
            long length = Math.min(MAPPING_LENGTH, remaining);
            sink.write(channel.map(FileChannel.MapMode.READ_ONLY, position, length));
            position += length;
            remaining -= length;
        }
    }

    @Override
    public long skip(long count) {
        long skipped = Math.max(0, Math.min(count, remaining));
        position += skipped;
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
