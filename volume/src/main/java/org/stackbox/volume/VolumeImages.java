package org.stackbox.volume;

import org.stackbox.common.auth.Caller;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the volume service needs of the image service: the images a caller may make volumes from, and a way to
 * turn a volume into a new image (upload-to-image). The image service provides it through its own interface.
 */
public interface VolumeImages {
    /** An active image as the volume service sees it. */
    record SourceImage(String id, String name, String diskFormat, long sizeBytes, Long virtualSizeBytes, int minDiskGib,
                       Map<String, String> properties, Path file) {
        public SourceImage {
            properties = Map.copyOf(properties);
        }
    }

    /** The active image the caller may read; fails with a 404 (or 400 when it is not active) otherwise. */
    SourceImage find(Caller caller, String imageId);

    /** A new image owned by the caller's project, in {@code queued} state, ready for {@link #upload}. */
    String reserve(Caller caller, String name, String diskFormat, String containerFormat, String visibility, boolean protectedImage);

    /** Uploads {@code data} into the reserved image and makes it active; on failure the image is removed. */
    void upload(Caller caller, String imageId, Path data);

    /**
     * Removes an image reserved for an upload that was given up (its export failed, or a restart interrupted it),
     * if it is still waiting for its data; an image that became active, or one already gone, is left as it is.
     */
    void discard(String imageId);

    /** The image's details as Cinder's upload-to-image response shows them. */
    Map<String, Object> describe(Caller caller, String imageId);
}
