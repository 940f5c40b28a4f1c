package org.stackbox.image.inspect;

/** The last bytes of the stream (a VHD keeps its footer there), in a fixed ring buffer. */
final class TailWindow {
    private final byte[] ring;
    private long written;

    TailWindow(int capacity) {
        this.ring = new byte[capacity];
    }

    void append(byte[] chunk, int from, int count) {
        // Only the last ring.length bytes of a chunk can survive: copy those, in at most two pieces around the ring.
        int kept = Math.min(count, ring.length);
        long end = written + count;
        int at = (int) ((end - kept) % ring.length);
        int first = Math.min(kept, ring.length - at);
        System.arraycopy(chunk, from + count - kept, ring, at, first);
        System.arraycopy(chunk, from + count - kept + first, ring, 0, kept - first);
        written = end;
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
