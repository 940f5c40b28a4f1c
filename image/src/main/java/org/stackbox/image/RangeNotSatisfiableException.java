package org.stackbox.image;

/** A download asked for bytes the image does not have; answered 416 with the image's size. */
public final class RangeNotSatisfiableException extends RuntimeException {
    private final long size;

    public RangeNotSatisfiableException(long size) {
        super("Requested range not satisfiable: the image has %d bytes.".formatted(size), null, false, false);
        this.size = size;
    }

    public long size() {
        return size;
    }
}
