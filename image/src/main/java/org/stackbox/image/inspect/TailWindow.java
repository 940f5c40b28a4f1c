package org.stackbox.image.inspect;

/** The last bytes of the stream (a VHD keeps its footer there), in a fixed ring buffer. */
final class TailWindow {
    private final byte[] ring;
    private long written;

    TailWindow(int capacity) {
        this.ring = new byte[capacity];
    }

    void append(byte[] chunk, int from, int count) {
        // Only the last ring.length bytes of a chunk can survive, so skip the rest.
        for (int index = Math.max(0, count - ring.length); index < count; index++) {
            ring[(int) ((written + index) % ring.length)] = chunk[from + index];
        }
        written += count;
    }

    /** The tail as a span ending at the current stream position. */
    CapturedSpan span() {
        int length = (int) Math.min(written, ring.length);
        long start = written - length;
        byte[] ordered = new byte[length];
        for (int index = 0; index < length; index++) {
            ordered[index] = ring[(int) ((start + index) % ring.length)];
        }
        return new CapturedSpan(start, ordered, length);
    }
}
