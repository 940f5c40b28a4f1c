package org.stackbox.image;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One range of an HTTP {@code Range: bytes=...} header: {@code first-last}, {@code first-} or the suffix {@code -length}.
 */
public record ByteRangeRequest(OptionalLong first, OptionalLong last) {
    public ByteRangeRequest {
        requireNonNull(first, "first is null");
        requireNonNull(last, "last is null");
        if (first.isEmpty() && last.isEmpty()) {
            throw new IllegalArgumentException("a range needs a start or a suffix length");
        }
    }

    /** Offset and length of the selected bytes. */
    record Selection(long offset, long length) {}

    /** The bytes this range selects from {@code size} bytes; a range beyond them is a {@link RangeNotSatisfiableException}. */
    Selection resolve(long size) {
        long start;
        long end;
        if (first.isEmpty()) {
            long suffix = last.getAsLong();
            if (suffix == 0) {
                throw new RangeNotSatisfiableException(size);
            }
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = first.getAsLong();
            end = last.isPresent() ? Math.min(last.getAsLong(), size - 1) : size - 1;
        }
        if (start >= size || end < start) {
            throw new RangeNotSatisfiableException(size);
        }
        return new Selection(start, end - start + 1);
    }
}
