package org.stackbox.image;

import org.stackbox.common.ServiceException;

/**
 * How many tags and free-form properties one image may carry: Glance's {@code image_tag_quota} and
 * {@code image_property_quota}, 128 each by default; more is Glance's 413 with its message.
 */
final class ImageItemLimits {
    static final int MAX_TAGS = 128;
    static final int MAX_PROPERTIES = 128;

    private ImageItemLimits() {}

    static void requireWithin(Image image) {
        requireTags(image.tags().size());
        if (image.properties().size() > MAX_PROPERTIES) {
            throw ServiceException.overLimit("The limit has been exceeded on the number of allowed image properties. "
                    + "Attempted: %d, Maximum: %d", image.properties().size(), MAX_PROPERTIES);
        }
    }

    static void requireTags(int count) {
        if (count > MAX_TAGS) {
            throw ServiceException.overLimit("The limit has been exceeded on the number of allowed image tags. "
                    + "Attempted: %d, Maximum: %d", count, MAX_TAGS);
        }
    }
}
