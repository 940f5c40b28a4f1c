package org.stackbox.image.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A byte array written field by field at explicit offsets, for crafting image headers in tests. */
final class ImageBuilder {
    private final byte[] bytes;

    private ImageBuilder(byte[] bytes) {
        this.bytes = bytes;
    }

    static ImageBuilder ofLength(int length) {
        return new ImageBuilder(new byte[length]);
    }

    int length() {
        return bytes.length;
    }

    ImageBuilder ascii(long offset, String text) {
        return bytes(offset, text.getBytes(StandardCharsets.US_ASCII));
    }

    ImageBuilder bytes(long offset, byte[] values) {
        System.arraycopy(values, 0, bytes, Math.toIntExact(offset), values.length);
        return this;
    }

    ImageBuilder uint8(long offset, int value) {
        bytes[Math.toIntExact(offset)] = (byte) value;
        return this;
    }

    ImageBuilder uint16LittleEndian(long offset, int value) {
        buffer(offset, ByteOrder.LITTLE_ENDIAN).putShort((short) value);
        return this;
    }

    ImageBuilder uint32LittleEndian(long offset, long value) {
        buffer(offset, ByteOrder.LITTLE_ENDIAN).putInt((int) value);
        return this;
    }

    ImageBuilder uint32BigEndian(long offset, long value) {
        buffer(offset, ByteOrder.BIG_ENDIAN).putInt((int) value);
        return this;
    }

    ImageBuilder uint64LittleEndian(long offset, long value) {
        buffer(offset, ByteOrder.LITTLE_ENDIAN).putLong(value);
        return this;
    }

    ImageBuilder uint64BigEndian(long offset, long value) {
        buffer(offset, ByteOrder.BIG_ENDIAN).putLong(value);
        return this;
    }

    /** A GUID as MS-VHDX stores it: the first three fields little-endian, the last eight bytes as written. */
    ImageBuilder guid(long offset, String text) {
        UUID uuid = UUID.fromString(text);
        long high = uuid.getMostSignificantBits();
        uint32LittleEndian(offset, high >>> 32);
        uint16LittleEndian(offset + 4, (int) (high >>> 16));
        uint16LittleEndian(offset + 6, (int) high);
        return uint64BigEndian(offset + 8, uuid.getLeastSignificantBits());
    }

    byte[] build() {
        return bytes.clone();
    }

    private ByteBuffer buffer(long offset, ByteOrder order) {
        return ByteBuffer.wrap(bytes).order(order).position(Math.toIntExact(offset));
    }
}
