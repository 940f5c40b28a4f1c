package org.stackbox.image.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Read access to the parts of the image data the inspector kept (a prefix, requested regions, the tail).
 * Reading bytes that were not kept throws {@link MissingDataException}; {@link #has} asks first.
 * Unsigned 64-bit fields come back as a Java {@code long}: values of 2^63 or more are negative, which readers refuse.
 */
final class ImageData {
    private final long size;
    private final List<CapturedSpan> spans;

    ImageData(long size, List<CapturedSpan> spans) {
        this.size = size;
        this.spans = List.copyOf(requireNonNull(spans, "spans is null"));
    }

    /** Bytes in the data: the total once the upload has finished, the bytes seen so far while it streams. */
    long size() { return size; }

    boolean has(long offset, int length) {
        return span(offset, length) != null;
    }

    /** Whether the data holds exactly {@code expected} at {@code offset}; false if those bytes were not kept. */
    boolean matches(long offset, byte[] expected) {
        CapturedSpan span = span(offset, expected.length);
        if (span == null) {
            return false;
        }
        int start = (int) (offset - span.offset());
        for (int index = 0; index < expected.length; index++) {
            if (span.bytes()[start + index] != expected[index]) {
                return false;
            }
        }
        return true;
    }

    boolean matches(long offset, String expectedAscii) {
        return matches(offset, expectedAscii.getBytes(StandardCharsets.US_ASCII));
    }

    byte[] bytes(long offset, int length) {
        byte[] copy = new byte[length];
        buffer(offset, length, ByteOrder.BIG_ENDIAN).get(copy);
        return copy;
    }

    int uint8(long offset) {
        return Byte.toUnsignedInt(buffer(offset, 1, ByteOrder.BIG_ENDIAN).get());
    }

    int uint16LittleEndian(long offset) {
        return Short.toUnsignedInt(buffer(offset, 2, ByteOrder.LITTLE_ENDIAN).getShort());
    }

    long uint32LittleEndian(long offset) {
        return Integer.toUnsignedLong(buffer(offset, 4, ByteOrder.LITTLE_ENDIAN).getInt());
    }

    long uint32BigEndian(long offset) {
        return Integer.toUnsignedLong(buffer(offset, 4, ByteOrder.BIG_ENDIAN).getInt());
    }

    long uint64LittleEndian(long offset) {
        return buffer(offset, 8, ByteOrder.LITTLE_ENDIAN).getLong();
    }

    long uint64BigEndian(long offset) {
        return buffer(offset, 8, ByteOrder.BIG_ENDIAN).getLong();
    }

    private ByteBuffer buffer(long offset, int length, ByteOrder order) {
        CapturedSpan span = span(offset, length);
        if (span == null) {
            throw new MissingDataException(offset, length);
        }
        return ByteBuffer.wrap(span.bytes(), (int) (offset - span.offset()), length).slice().order(order);
    }

    private CapturedSpan span(long offset, int length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            return null;
        }
        for (CapturedSpan span : spans) {
            if (span.contains(offset, length)) {
                return span;
            }
        }
        return null;
    }
}
