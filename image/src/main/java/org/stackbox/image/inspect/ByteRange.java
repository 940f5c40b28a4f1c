package org.stackbox.image.inspect;

/** A stretch of the image data, by absolute offset; readers ask for these to be kept as the data streams past. */
record ByteRange(long offset, int length) {
    ByteRange {
        if (offset < 0) {
            throw new IllegalArgumentException("offset is negative: " + offset);
        }
        if (length <= 0) {
            throw new IllegalArgumentException("length is not positive: " + length);
        }
        if (offset > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("range ends beyond the largest offset: " + offset);
        }
    }

    long end() {
        return offset + length;
    }
}
