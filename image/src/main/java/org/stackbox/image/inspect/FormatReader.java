package org.stackbox.image.inspect;

import java.util.List;

/**
 * Checks data that carries one format's signature and extracts its facts. A reader only looks at the bytes the
 * inspector kept, checks every offset it reads, and never sizes an allocation from a header field.
 */
interface FormatReader {
    /** Data shorter than this cannot be an image of the format. */
    long minimumSize();

    /**
     * Ranges beyond the kept prefix this reader will need, given what is known so far; asked again whenever more
     * data is kept, so a range may depend on an earlier one (e.g. a table, then an item the table points at).
     */
    default List<ByteRange> rangesToKeep(ImageData data) {
        return List.of();
    }

    /** The facts of acceptable data; refuses anything unsafe or malformed. */
    ImageFacts read(ImageData data) throws RejectedImageException;
}
