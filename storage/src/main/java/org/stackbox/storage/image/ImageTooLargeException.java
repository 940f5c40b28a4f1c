package org.stackbox.storage.image;

import java.io.IOException;

/** The data is longer than the write allowed (a quota or a size limit); nothing was kept. */
public final class ImageTooLargeException extends IOException {
    private final long maxBytes;

    public ImageTooLargeException(long maxBytes) {
        super("the image data exceeds the %d bytes allowed".formatted(maxBytes));
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
