package org.stackbox.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.image.inspect.FormatInspector;
import org.stackbox.image.inspect.InspectionResult;
import org.stackbox.image.store.ImageDataFacts;
import org.stackbox.image.store.ImageRepository;
import org.stackbox.image.store.ProjectUsage;
import org.stackbox.image.store.QuotaRepository;
import org.stackbox.storage.image.ImageStore;
import org.stackbox.storage.image.ImageTooLargeException;
import org.stackbox.storage.image.PendingImage;
import org.stackbox.storage.image.StoreFullException;
import org.stackbox.storage.image.WrittenData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Image data in and out: upload ({@code PUT .../file}), staging and {@code glance-direct} import, and ranged download.
 * Uploaded bytes stream once from the client through the format inspector and the hashers into the store; nothing is
 * buffered whole. The image is {@code active} only after the data is complete, inspected, flushed and renamed into
 * place; any failure returns it to {@code queued} with its data removed, and data that is not what its
 * {@code disk_format} says removes the image.
 */
public final class ImageTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(ImageTransfers.class);

    private final ImageService service;
    private final ImageRepository images;
    private final QuotaRepository quotas;
    private final ImageStore store;
    private final Clock clock;

    public ImageTransfers(ImageService service, ImageRepository images, QuotaRepository quotas, ImageStore store, Clock clock) {
        this.service = requireNonNull(service, "service is null");
        this.images = requireNonNull(images, "images is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code PUT /v2/images/{id}/file}: queued -> saving -> active. */
    public Image upload(Caller caller, String id, InputStream data) {
        receive(caller, id, (inspect, allowed) -> store.write(id, inspect.apply(data), allowed), ImageStatus.SAVING,
                ImageStatus.ACTIVE, "upload_image");
        return images.findById(id).orElseThrow(() -> ImagePolicy.notFound(id));
    }

    /**
     * The data of a file on this host that Stackbox made for the image (a server's disk copy, a volume's export):
     * queued -> saving -> active as an upload, with the file moved into the store rather than written again where
     * the store can, and read once for the inspection and the hashes. The file is gone afterwards, kept or not.
     */
    public Image adopt(Caller caller, String id, Path file) {
        receive(caller, id, (inspect, allowed) -> store.adopt(id, file, inspect, allowed), ImageStatus.SAVING,
                ImageStatus.ACTIVE, "upload_image");
        return images.findById(id).orElseThrow(() -> ImagePolicy.notFound(id));
    }

    /** Where the data comes from: a pending image in the store, its bytes passed through {@code inspect}. */
    private interface DataSource {
        PendingImage store(UnaryOperator<InputStream> inspect, long allowed) throws IOException;
    }

    /** {@code PUT /v2/images/{id}/stage}: queued -> uploading, with the data inspected and kept for the import. */
    public void stage(Caller caller, String id, InputStream data) {
        receive(caller, id, (inspect, allowed) -> store.write(id, inspect.apply(data), allowed), ImageStatus.UPLOADING, ImageStatus.UPLOADING, "stage_image");
    }

    /** {@code POST /v2/images/{id}/import} with {@code glance-direct}: uploading -> importing -> active. */
    public void importStaged(Caller caller, String id, String method) {
        Image image = service.get(caller, id);
        ImagePolicy.requireMayChange(caller, image, "import_image");
        if (!"glance-direct".equals(method)) {
            throw ServiceException.invalid("Import method %s is not supported; this cloud offers glance-direct.", method);
        }
        try {
            if (image.status() != ImageStatus.UPLOADING || store.size(id).isEmpty()) {
                throw ServiceException.conflict("Image %s has no staged data to import (status %s).", id, image.status().wireName());
            }
        } catch (IOException e) {
            throw ServiceException.internal("The image store cannot be read.");
        }
        Instant now = now();
        if (!images.transition(id, ImageStatus.UPLOADING, ImageStatus.IMPORTING, now)
                || !images.transition(id, ImageStatus.IMPORTING, ImageStatus.ACTIVE, now)) {
            throw ServiceException.conflict("Image %s changed while it was being imported.", id);
        }
    }

    /** The image's data, or a range of it, for {@code GET /v2/images/{id}/file}. */
    public ImageContent download(Caller caller, String id, Optional<ByteRangeRequest> range) {
        Image image = service.get(caller, id);
        if (image.status() == ImageStatus.DEACTIVATED && !caller.isAdmin()) {
            throw ServiceException.forbidden("The requested image has been deactivated. Image data download is forbidden.");
        }
        if (image.status() != ImageStatus.ACTIVE && image.status() != ImageStatus.DEACTIVATED) {
            return new ImageContent(image, Optional.empty(), 0, 0, false);
        }
        long size = image.size();
        ByteRangeRequest.Selection selection = range.map(requested -> requested.resolve(size))
                .orElse(new ByteRangeRequest.Selection(0, size));
        try {
            InputStream data = store.read(id, selection.offset(), selection.length());
            return new ImageContent(image, Optional.of(data), selection.offset(), selection.length(), range.isPresent());
        } catch (java.nio.file.NoSuchFileException e) {
            throw ServiceException.notFound("The data of image %s is missing from the image store.", id);
        } catch (IOException e) {
            throw ServiceException.internal("The image store cannot be read.");
        }
    }

    private void receive(Caller caller, String id, DataSource data, ImageStatus during, ImageStatus after, String action) {
        Image image = service.get(caller, id);
        ImagePolicy.requireMayChange(caller, image, action);
        if (image.diskFormat() == null || image.containerFormat() == null) {
            throw ServiceException.invalid("Properties disk_format, container_format must be set prior to saving data.");
        }
        long allowed = remainingBytes(image.owner());
        if (!images.transition(id, ImageStatus.QUEUED, during, now())) {
            ImageStatus current = images.findById(id).map(Image::status).orElse(ImageStatus.DELETED);
            throw ServiceException.conflict("Image status transition from %s to %s is not allowed",
                    current.wireName(), during.wireName());
        }
        boolean kept = false;
        try {
            kept = write(image, data, allowed, during, after);
        } finally {
            if (!kept) {
                images.clearData(id, during, ImageStatus.QUEUED, now());
            }
        }
    }

    /** Writes, inspects and commits; true when the data is kept, false or an exception when it is not. */
    private boolean write(Image image, DataSource data, long allowed, ImageStatus during, ImageStatus after) {
        String id = image.id();
        FormatInspector inspector = FormatInspector.forDeclared(image.diskFormat());
        try (PendingImage pending = data.store(bytes -> new InspectingInputStream(bytes, inspector), allowed)) {
            WrittenData written = pending.data();
            InspectionResult inspection = inspector.finish(written.size());
            if (!inspection.accepted()) {
                images.delete(id);
                LOG.info("Refused the data of image {} and removed the image: {}", id, inspection.rejection().orElseThrow());
                throw ServiceException.invalid("Image %s was removed: its data is not a valid %s image: %s", id,
                        image.diskFormat().wireName(), inspection.rejection().orElseThrow());
            }
            pending.commit();
            ImageDataFacts facts = new ImageDataFacts(written.size(),
                    inspection.virtualSize().isPresent() ? inspection.virtualSize().getAsLong() : null,
                    written.md5(), written.sha512(), inspection.properties());
            if (!images.recordData(id, during, after, facts, now())) {
                store.delete(id);
                throw ServiceException.conflict("Image %s was deleted while its data was being uploaded.", id);
            }
            return true;
        } catch (ImageTooLargeException e) {
            throw ServiceException.overLimit("The upload exceeds the image storage quota of project %s: at most %d more bytes may be stored.",
                    image.owner(), e.maxBytes());
        } catch (StoreFullException e) {
            throw ServiceException.overLimit("Image storage media is full: there is no space left to store the image data.");
        } catch (IOException e) {
            LOG.info("The upload of image {} failed; the image is queued again: {}", id, e.toString());
            throw ServiceException.invalid("The image data did not arrive completely (%s); the image is queued again.", e.getMessage());
        }
    }

    private long remainingBytes(String owner) {
        if (owner == null) {
            return Long.MAX_VALUE;
        }
        ImageQuota quota = quotas.find(owner);
        if (quota.maxBytes().isEmpty()) {
            return Long.MAX_VALUE;
        }
        ProjectUsage usage = images.usage(owner);
        return Math.max(0, quota.maxBytes().getAsLong() - usage.bytes());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
