package org.stackbox.image.spi;

import org.stackbox.common.auth.Caller;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image service as the volume and compute services use it, in process. The same rules apply as through the
 * HTTP API: a caller finds only images their project may see, and a new image obeys the project's quota and the
 * format inspection.
 */
public interface Images {
    /**
     * The image with this id if the caller may see it and its data is usable ({@code active}); empty otherwise,
     * so that a caller cannot tell an invisible image from a missing one.
     */
    Optional<ImageDescription> findActive(Caller caller, String imageId);

    /** The image with this id in any state, if the caller may see it (Glance's visibility rules). */
    Optional<ImageSummary> findInAnyState(Caller caller, String imageId);

    /**
     * The images the caller may see that match {@code filter}, newest first.
     *
     * @throws org.stackbox.common.ServiceException invalid when the marker is not one of them
     */
    List<ImageSummary> list(Caller caller, ImageFilter filter);

    /**
     * Makes the image's free-form properties exactly {@code properties}, under Glance's rules (only the owner, or an
     * administrator, changes an image; reserved properties cannot be set).
     *
     * @throws org.stackbox.common.ServiceException 404 when the caller cannot see it, 403 when it may not change it
     */
    ImageSummary replaceProperties(Caller caller, String imageId, Map<String, String> properties);

    /**
     * Deletes the image under Glance's rules: 404 when the caller cannot see it, 403 when it may not delete it or
     * the image is protected.
     */
    void delete(Caller caller, String imageId);

    /**
     * The local file of an active image's data, to use as the read-only base of a qcow2 overlay or to copy. Empty
     * when the image is not active or its store is not local. Never write to it.
     */
    Optional<Path> localFile(String imageId);

    /**
     * Creates an image in the caller's project and streams {@code data} into it (read to its end, not closed).
     *
     * @return the new active image
     * @throws org.stackbox.common.ServiceException invalid when the data is not what {@code disk_format} says, 413 over quota
     */
    ImageDescription create(Caller caller, NewImageData image, InputStream data);

    /**
     * Creates a {@code queued} image in the caller's project, for data that comes later through {@link #upload}.
     *
     * @return the new image's id
     * @throws org.stackbox.common.ServiceException 413 when the project's image count quota is reached
     */
    String reserve(Caller caller, NewImageData image);

    /**
     * Streams {@code data} (read to its end, not closed) into an image {@link #reserve reserved} for it: the image is
     * {@code saving} meanwhile and {@code active} at the end; after a failure it is {@code queued} again without data.
     *
     * @return the active image
     */
    ImageDescription upload(Caller caller, String imageId, InputStream data);

    /**
     * As {@link #upload}, with the data in a file on this host that the caller made for the image and gives up: the
     * image service takes the file itself where it can (no second copy of the data) and reads it once to inspect and
     * hash it. The file is gone afterwards, whether the image became active or not.
     *
     * @return the active image
     */
    ImageDescription adopt(Caller caller, String imageId, Path file);

    /**
     * Removes an image reserved for data that will not come (its copy failed, or a restart interrupted it) if it is
     * still waiting for that data; an image that became active, or one already gone, is left as it is.
     */
    void discard(String imageId);
}
