package org.stackbox.compute;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.image.spi.DiskFormat;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.image.spi.ImageFilter;
import org.stackbox.image.spi.ImageSummary;
import org.stackbox.image.spi.Images;
import org.stackbox.image.spi.NewImageData;
import org.stackbox.virt.qemu.MarkerBootSector;
import org.stackbox.volume.VolumeImages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A hand-written stand-in for the image service (its real implementation lives in another module and is tested
 * there): active images made on the spot, raw disks whose boot sector prints a marker, for compute and volumes.
 */
final class MarkerImages implements Images, VolumeImages {
    private final Path directory;
    private final Map<String, ImageDescription> images = new HashMap<>();
    private final Map<String, Path> files = new HashMap<>();

    MarkerImages(Path directory) {
        this.directory = directory;
    }

    /** A 1 MiB raw disk that prints {@code marker} and halts; its clean shutdown waits one second. */
    String markerDisk(String id, String marker) throws IOException {
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.printing(marker, false), 0, disk, 0, 512);
        Path file = Files.write(directory.resolve(id + ".raw"), disk);
        add(new ImageDescription(id, "marker", DiskFormat.RAW, disk.length, OptionalLong.of(disk.length), 0, 0,
                Map.of("os_shutdown_timeout", "1")), file);
        return id;
    }

    /** An image whose disk claims {@code virtualSize} bytes (the data is never read). */
    String largeImage(String id, long virtualSize) throws IOException {
        Path file = Files.write(directory.resolve(id + ".raw"), new byte[512]);
        add(new ImageDescription(id, "large", DiskFormat.RAW, virtualSize, OptionalLong.of(virtualSize), 0, 0,
                Map.of()), file);
        return id;
    }

    private void add(ImageDescription image, Path file) {
        images.put(image.id(), image);
        files.put(image.id(), file);
    }

    @Override
    public Optional<ImageDescription> findActive(Caller caller, String imageId) {
        return Optional.ofNullable(images.get(imageId));
    }

    @Override
    public Optional<Path> localFile(String imageId) {
        return Optional.ofNullable(files.get(imageId));
    }

    @Override
    public Optional<ImageSummary> findInAnyState(Caller caller, String imageId) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public List<ImageSummary> list(Caller caller, ImageFilter filter) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public ImageSummary replaceProperties(Caller caller, String imageId, Map<String, String> properties) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public void delete(Caller caller, String imageId) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public ImageDescription create(Caller caller, NewImageData image, InputStream data) {
        throw new UnsupportedOperationException("not needed by compute");
    }

    @Override
    public String reserve(Caller caller, NewImageData image) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public ImageDescription upload(Caller caller, String imageId, InputStream data) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public ImageDescription adopt(Caller caller, String imageId, Path file) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public SourceImage find(Caller caller, String imageId) {
        ImageDescription image = images.get(imageId);
        if (image == null) {
            throw ServiceException.notFound("Image %s could not be found.", imageId);
        }
        return new SourceImage(image.id(), image.name(), "raw", image.size(), image.size(), 0, image.properties(),
                files.get(imageId));
    }

    @Override
    public String reserve(Caller caller, String name, String diskFormat, String containerFormat, String visibility,
                          boolean protectedImage) {
        throw new UnsupportedOperationException("not needed by compute");
    }

    @Override
    public void upload(Caller caller, String imageId, Path data) {
        throw new UnsupportedOperationException("not needed by compute");
    }

    @Override
    public void discard(String imageId) {
        throw new UnsupportedOperationException("not needed by compute");
    }

    @Override
    public Map<String, Object> describe(Caller caller, String imageId) {
        throw new UnsupportedOperationException("not needed by compute");
    }
}
