package org.stackbox.compute;

import org.stackbox.image.spi.ImageDescription;
import org.stackbox.storage.block.BlockStore;
import org.stackbox.storage.block.ImageFormat;
import org.stackbox.storage.block.ImageSource;
import org.stackbox.storage.block.VolumeId;
import org.stackbox.storage.block.VolumeSize;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.FileFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The server's local disks: its root disk, a copy-on-write qcow2 overlay on the image's cached base kept in a block
 * store of its own as the volume {@code <server-id>_disk}, and its config drive, an ISO 9660 image labelled
 * {@code config-2} (empty for now; its content belongs to the metadata service).
 */
public final class ServerDisks {
    private static final long GIBIBYTE = 1L << 30;

    private final BlockStore rootDisks;
    private final Path configDrives;

    public ServerDisks(BlockStore rootDisks, Path configDrives) {
        this.rootDisks = requireNonNull(rootDisks, "rootDisks is null");
        this.configDrives = requireNonNull(configDrives, "configDrives is null").toAbsolutePath();
    }

    /** Makes the root disk from the image: {@code flavorDiskGib}, or the image's size rounded up when that is 0. */
    public DiskFile createRootDisk(String serverId, ImageDescription image, Path imageFile, int flavorDiskGib) {
        ImageFormat format = ImageFormat.fromDiskFormat(image.diskFormat().name())
                .orElseThrow(() -> new IllegalArgumentException("Cannot boot from a " + image.diskFormat() + " image"));
        long imageBytes = image.virtualSize().orElse(image.size());
        VolumeId id = rootDiskId(serverId);
        if (image.isIso()) {
            // A CD-ROM holds the ISO as it is: a medium the size of the flavor's disk would be a different disc.
            rootDisks.createFromImage(id, new ImageSource(image.id(), format, imageFile), mediumSize(imageBytes));
            return new DiskFile(rootDisks.localPath(id), FileFormat.QCOW2);
        }
        long gibibytes = Math.max(flavorDiskGib, (imageBytes + GIBIBYTE - 1) / GIBIBYTE);
        rootDisks.createFromImage(id, new ImageSource(image.id(), format, imageFile),
                VolumeSize.ofGibibytes(Math.max(1, gibibytes)));
        return new DiskFile(rootDisks.localPath(id), FileFormat.QCOW2);
    }

    /**
     * Makes the medium for an ISO put into one of the server's CD-ROM drives: a read-only overlay on the image's
     * base like a root disk, so that the disc stays readable when the image is deleted while it is in the drive.
     */
    public DiskFile createMedium(String serverId, ImageDescription image, Path imageFile) {
        VolumeId id = mediumId(serverId, image.id());
        rootDisks.delete(id);
        rootDisks.createFromImage(id, new ImageSource(image.id(), ImageFormat.ISO, imageFile),
                mediumSize(image.virtualSize().orElse(image.size())));
        return new DiskFile(rootDisks.localPath(id), FileFormat.QCOW2);
    }

    /** Deletes the file behind a medium taken out of a drive (an ISO booted from, or put in later). */
    public void deleteMedium(String serverId, DiskSource medium) {
        if (medium instanceof DiskSource.RootDisk) {
            rootDisks.delete(rootDiskId(serverId));
        } else if (medium instanceof DiskSource.Image image) {
            rootDisks.delete(mediumId(serverId, image.imageId()));
        }
    }

    /**
     * Makes the config drive. While it is empty, every server's is the same bytes: the ISO is made once with xorriso
     * and copied, which keeps a tool run off every boot.
     */
    public DiskFile createConfigDrive(String serverId) {
        try {
            Path template = emptyConfigDrive();
            Path iso = configDrivePath(serverId);
            Files.copy(template, iso, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new DiskFile(iso, FileFormat.RAW);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the config drive of " + serverId, e);
        }
    }

    private synchronized Path emptyConfigDrive() throws IOException {
        Path template = configDrives.resolve("empty-config-2.iso");
        if (!Files.exists(template)) {
            Path made = makeIso("empty-config-2");
            Files.move(made, template, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return template;
    }

    private Path makeIso(String name) {
        try {
            Files.createDirectories(configDrives);
            Path tree = Files.createTempDirectory(configDrives, name + ".tree");
            Path iso = configDrives.resolve(name + ".iso.partial");
            Process process = new ProcessBuilder(List.of("xorriso", "-as", "mkisofs", "-quiet", "-V", "config-2",
                    "-J", "-R", "-o", iso.toString(), tree.toString())).redirectErrorStream(true).start();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("xorriso did not finish in 30 s");
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("xorriso failed: " + output);
                }
            } finally {
                Files.deleteIfExists(tree);
            }
            return iso;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the config drive " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted making the config drive " + name, e);
        }
    }

    /** The files of the server's local disks that exist, for a domain started again. */
    public DiskFile rootDisk(String serverId) {
        return new DiskFile(rootDisks.localPath(rootDiskId(serverId)), FileFormat.QCOW2);
    }

    public DiskFile configDrive(String serverId) {
        return new DiskFile(configDrivePath(serverId), FileFormat.RAW);
    }

    /** Deletes the server's local disks; deleting what does not exist succeeds. */
    public void delete(String serverId) {
        rootDisks.delete(rootDiskId(serverId));
        try {
            Files.deleteIfExists(configDrivePath(serverId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path configDrivePath(String serverId) {
        return configDrives.resolve(new DiskSource.ConfigDrive(serverId).name());
    }

    private static VolumeSize mediumSize(long imageBytes) {
        return VolumeSize.ofBytes((imageBytes + VolumeSize.SECTOR - 1) / VolumeSize.SECTOR * VolumeSize.SECTOR);
    }

    private static VolumeId mediumId(String serverId, String imageId) {
        return new VolumeId(serverId + "_iso_" + imageId);
    }

    private static VolumeId rootDiskId(String serverId) {
        return new VolumeId(new DiskSource.RootDisk(serverId).name());
    }
}
