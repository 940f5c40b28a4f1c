package org.stackbox.image.inspect;

/** A reader asked for bytes the inspector does not hold: the data is too short, or they were never kept. */
final class MissingDataException extends RuntimeException {
    MissingDataException(long offset, int length) {
        super("no data kept for %d bytes at offset %d".formatted(length, offset));
    }
}
