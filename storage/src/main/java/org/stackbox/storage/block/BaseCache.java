package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One read-only base per image, made the first time a volume is created from the image and shared by every volume
 * made from it afterwards, so that creating a volume costs one small overlay whatever the image's size.
 * <ul>
 *   <li>A raw (or ISO) image's file is hard-linked as the base: no copy at all. Glance images are immutable once
 *       active, and the link keeps the data even when the image store deletes its own name for it. Where a link is
 *       impossible (another file system) the data is copied with {@code qemu-img convert -f raw -O raw}, sparse.</li>
 *   <li>Any other format is converted once with {@code qemu-img convert -f FORMAT -O qcow2}, which also
 *       decompresses compressed qcow2 images.</li>
 *   <li>Before either, the image is checked: it must read as its registered format, and must not point at other
 *       files (a backing file, a qcow2 external data file, VMDK extents elsewhere), or a user could make a volume
 *       out of any file on the host.</li>
 * </ul>
 * Conversions of different images run in parallel; two requests for the same image wait for one conversion.
 */
final class BaseCache {
    private final StoreLayout layout;
    private final ImageFiles files;
    private final Object storeLock;
    private final ConcurrentMap<String, Object> imageLocks = new ConcurrentHashMap<>();
    /** Virtual sizes of bases, by file: a base never changes once made, so one {@code qemu-img info} is enough. */
    private final ConcurrentMap<Path, Long> virtualSizes = new ConcurrentHashMap<>();

    BaseCache(StoreLayout layout, ImageFiles files, Object storeLock) {
        this.layout = requireNonNull(layout, "layout is null");
        this.files = requireNonNull(files, "files is null");
        this.storeLock = requireNonNull(storeLock, "storeLock is null");
    }

    /** A base that exists on disk, with its format and virtual size. */
    record Base(Path file, String format, long virtualSize) {
        Base {
            requireNonNull(file, "file is null");
            requireNonNull(format, "format is null");
        }
    }

    /**
     * The image's base, made now if there is none; the image counts as wanted again (a release is undone). Fails
     * before making anything if {@code size} cannot hold the image.
     */
    Base ensure(ImageSource image, VolumeSize size) {
        synchronized (imageLocks.computeIfAbsent(image.imageId(), id -> new Object())) {
            Optional<Path> existing;
            synchronized (storeLock) {
                existing = layout.existingBase(image.imageId());
                existing.ifPresent(base -> ImageFiles.deleteQuietly(layout.unwantedMarker(base)));
            }
            if (existing.isPresent()) {
                Path base = existing.get();
                String format = base.getFileName().toString().endsWith(StoreLayout.RAW) ? "raw" : "qcow2";
                long virtualSize = virtualSizes.computeIfAbsent(base, file -> files.info(file, format, true).virtualSize());
                return requireFits(image, size, new Base(base, format, virtualSize));
            }
            QemuImageInfo source = inspect(image);
            requireFits(image, size, new Base(image.file(), image.format().qemuDriver(), source.virtualSize()));
            return image.format().isRaw() ? linkOrCopyRaw(image, source) : convertToQcow2(image, source);
        }
    }

    /** Fails if the base is already gone (released and collected meanwhile); the caller holds the store's lock. */
    static void requireStillPresent(Base base, ImageSource image) {
        if (!Files.exists(base.file())) {
            throw BlockStoreException.conflict("Image %s was released while a volume was made from it",
                    image.imageId());
        }
    }

    private static Base requireFits(ImageSource image, VolumeSize size, Base base) {
        if (size.bytes() < base.virtualSize()) {
            throw BlockStoreException.badRequest(
                    "Volume size %d bytes is smaller than the virtual size %d bytes of image %s",
                    size.bytes(), base.virtualSize(), image.imageId());
        }
        return base;
    }

    private QemuImageInfo inspect(ImageSource image) {
        if (!Files.isRegularFile(image.file())) {
            throw BlockStoreException.notFound("The data of image %s is not in the image store", image.imageId());
        }
        QemuImageInfo info;
        try {
            info = files.info(image.file().toAbsolutePath(), image.format().qemuDriver(), true);
        } catch (QemuImgException e) {
            throw BlockStoreException.badRequest("Image %s cannot be read as %s: %s",
                    image.imageId(), image.format().name().toLowerCase(), withoutPaths(e.getMessage(), image));
        }
        if (info.backingFilename().isPresent() || info.dataFile().isPresent()) {
            throw BlockStoreException.badRequest(
                    "Image %s refers to another file (backing file or external data file); it must be self-contained",
                    image.imageId());
        }
        Path self = image.file().toAbsolutePath().normalize();
        for (String extent : info.extentFiles()) {
            if (!Path.of(extent).toAbsolutePath().normalize().equals(self)) {
                throw BlockStoreException.badRequest(
                        "Image %s has extents in other files; it must be self-contained", image.imageId());
            }
        }
        return info;
    }

    private Base linkOrCopyRaw(ImageSource image, QemuImageInfo source) {
        Path base = layout.base(image.imageId(), true);
        try {
            Files.createLink(base, image.file().toAbsolutePath());
        } catch (FileSystemException | UnsupportedOperationException e) {
            files.convert(image.file().toAbsolutePath(), "raw", base, "raw");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link the base of image " + image.imageId(), e);
        }
        return new Base(base, "raw", source.virtualSize());
    }

    private Base convertToQcow2(ImageSource image, QemuImageInfo source) {
        Path base = layout.base(image.imageId(), false);
        files.convert(image.file().toAbsolutePath(), image.format().qemuDriver(), base, "qcow2");
        return new Base(base, "qcow2", source.virtualSize());
    }

    private static String withoutPaths(String message, ImageSource image) {
        return message.replace(image.file().toAbsolutePath().toString(), "the image");
    }
}
