package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * An image a volume is made from: its Glance id, its registered disk format and the image store's local file.
 * The file must not change while it exists (Glance images are immutable once active): a raw image's file may be
 * hard-linked as the base of the volumes made from it.
 */
public record ImageSource(String imageId, ImageFormat format, Path file) {
    public ImageSource {
        requireNonNull(imageId, "imageId is null");
        requireNonNull(format, "format is null");
        requireNonNull(file, "file is null");
        StorageNames.requireSafe(imageId, "image id");
    }
}
