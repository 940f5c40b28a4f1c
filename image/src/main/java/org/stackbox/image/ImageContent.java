package org.stackbox.image;

import java.io.InputStream;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Image data to send: the whole image, a range of it, or nothing (an image without data answers 204, as Glance does).
 * The caller closes {@code data}.
 */
public record ImageContent(Image image, Optional<InputStream> data, long offset, long length, boolean partial) {
    public ImageContent {
        requireNonNull(image, "image is null");
        requireNonNull(data, "data is null");
    }

    public long totalSize() {
        return image.size() == null ? 0 : image.size();
    }
}
