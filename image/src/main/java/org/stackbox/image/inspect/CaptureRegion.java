package org.stackbox.image.inspect;

import java.util.Arrays;

/**
 * Keeps one {@link ByteRange} of the stream as chunks pass by. Bytes must arrive in order: once the stream has moved
 * past a byte the region still needed, the region can never complete.
 */
final class CaptureRegion {
    private static final int INITIAL_CAPACITY = 4096;

    private final ByteRange range;
    private byte[] bytes = new byte[0];
    private int filled;

    CaptureRegion(ByteRange range) {
        this.range = range;
    }

    ByteRange range() { return range; }

    boolean complete() {
        return filled == range.length();
    }

    /** Takes the part of a chunk that continues this region; says whether that completed the region. */
    boolean capture(long chunkOffset, byte[] chunk, int from, int count) {
        long next = range.offset() + filled;
        if (complete() || chunkOffset > next || chunkOffset + count <= next) {
            return false;
        }
        int skip = (int) (next - chunkOffset);
        int take = Math.min(count - skip, range.length() - filled);
        ensureCapacity(filled + take);
        System.arraycopy(chunk, from + skip, bytes, filled, take);
        filled += take;
        return complete();
    }

    /** The bytes kept so far, without copying; valid until the next capture. */
    CapturedSpan span() {
        return new CapturedSpan(range.offset(), bytes, filled);
    }

    // Grows by doubling so a small upload never costs the region's full length.
    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            int capacity = Math.max(needed, Math.max(INITIAL_CAPACITY, bytes.length * 2));
            bytes = Arrays.copyOf(bytes, Math.min(capacity, range.length()));
        }
    }
}
