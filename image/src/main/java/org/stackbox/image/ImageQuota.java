package org.stackbox.image;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A project's image limits: how many images it may own ({@code image_count_total}) and how many bytes of image data
 * ({@code image_size_total}); empty means unlimited. Going over answers 413 and keeps nothing.
 */
public record ImageQuota(OptionalLong maxImages, OptionalLong maxBytes) {
    public static final ImageQuota UNLIMITED = new ImageQuota(OptionalLong.empty(), OptionalLong.empty());

    public ImageQuota {
        requireNonNull(maxImages, "maxImages is null");
        requireNonNull(maxBytes, "maxBytes is null");
        if (maxImages.orElse(0) < 0 || maxBytes.orElse(0) < 0) {
            throw new IllegalArgumentException("quota limits must not be negative");
        }
    }
}
