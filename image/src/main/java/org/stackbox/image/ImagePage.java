package org.stackbox.image;

import java.util.List;
import java.util.Optional;

/** One page of an image list, and the id to continue after when there are more. */
public record ImagePage(List<Image> images, Optional<String> nextMarker) {
    public ImagePage {
        images = List.copyOf(images);
        java.util.Objects.requireNonNull(nextMarker, "nextMarker is null");
    }
}
