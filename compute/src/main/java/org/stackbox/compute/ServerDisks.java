package org.stackbox.compute;

import org.stackbox.common.process.ChildProcesses;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.storage.block.BlockStore;
import org.stackbox.storage.block.ExportFormat;
import org.stackbox.storage.block.ImageFormat;
import org.stackbox.storage.block.ImageSource;
import org.stackbox.storage.block.SnapshotId;
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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The server's local disks: its root disk, a copy-on-write qcow2 overlay on the image's cached base kept in a block
 * store of its own as the volume {@code <server-id>_disk}, and its config drive, an ISO 9660 image labelled
 * {@code config-2} holding what the metadata service says about the server.
 */
public final class ServerDisks {
    private static final long GIBIBYTE = 1L << 30;
    /** The snapshot of a root disk that a resize keeps for its revert: the server's id and the resize's time. */
    private static final String RESIZE_SNAPSHOT = "%s_resize_%d";
    private static final List<String> MKISOFS = Files.isExecutable(Path.of("/usr/bin/genisoimage"))
            ? List.of("/usr/bin/genisoimage") : List.of("xorriso", "-as", "mkisofs");

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

    /** A rebuild's root disk: the old one goes, a new one is made from {@code image}, at the same path. */
    public DiskFile replaceRootDisk(String serverId, ImageDescription image, Path imageFile, int flavorDiskGib) {
        rootDisks.delete(rootDiskId(serverId));
        return createRootDisk(serverId, image, imageFile, flavorDiskGib);
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
     * Makes the config drive from its files (relative paths to content), as Nova does: an ISO 9660 image with Joliet
     * and Rock Ridge names, labelled {@code config-2}, made with Nova's tool and options (genisoimage, which starts
     * in a hundredth of a second; xorriso's mkisofs emulation, ten times slower to start, where it is missing).
     */
    public DiskFile createConfigDrive(String serverId, Map<String, byte[]> files) {
        Path tree = null;
        try {
            Files.createDirectories(configDrives);
            tree = Files.createTempDirectory(configDrives, serverId + ".tree");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = tree.resolve(file.getKey()).normalize();
                if (!target.startsWith(tree)) {
                    throw new IllegalArgumentException("Config drive path outside the drive: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            Path iso = configDrivePath(serverId);
            Path partial = configDrives.resolve(serverId + ".iso.partial");
            List<String> command = new ArrayList<>(MKISOFS);
            command.addAll(List.of("-o", partial.toString(), "-ldots", "-allow-lowercase", "-allow-multidot", "-l",
                    "-publisher", "Stackbox", "-quiet", "-J", "-r", "-V", "config-2", tree.toString()));
            runMkisofs(command);
            Files.move(partial, iso, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new DiskFile(iso, FileFormat.RAW);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the config drive of " + serverId, e);
        } finally {
            deleteTree(tree);
        }
    }

    private static void runMkisofs(List<String> command) throws IOException {
        Process process = ChildProcesses.dyingWithStackbox(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted making a config drive", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + output);
        }
    }

    private static void deleteTree(Path tree) {
        if (tree == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + tree, e);
        }
    }

    /** The files of the server's local disks that exist, for a domain started again. */
    public DiskFile rootDisk(String serverId) {
        return new DiskFile(rootDisks.localPath(rootDiskId(serverId)), FileFormat.QCOW2);
    }

    public DiskFile configDrive(String serverId) {
        return new DiskFile(configDrivePath(serverId), FileFormat.RAW);
    }

    /** Writes the root disk of a server whose guest does not run to {@code target}, one self-contained qcow2 file. */
    public void exportRootDisk(String serverId, Path target) {
        rootDisks.export(rootDiskId(serverId), ExportFormat.QCOW2, target);
    }

    /** Whether the server has a local root disk (it was booted from an image, not from a volume). */
    public boolean hasRootDisk(String serverId) {
        return rootDisks.exists(rootDiskId(serverId));
    }

    /**
     * Before a resize: keeps the root disk's data as it is (a snapshot that a revert goes back to) and grows the disk
     * to the new flavor's size if that is larger. Does nothing for a server without a local root disk.
     */
    public void beginResize(String serverId, int newFlavorDiskGib, Instant now) {
        VolumeId root = rootDiskId(serverId);
        if (!rootDisks.exists(root)) {
            return;
        }
        long before = rootDisks.info(root).sizeBytes();
        rootDisks.createSnapshot(new SnapshotId(RESIZE_SNAPSHOT.formatted(serverId, now.toEpochMilli())), root);
        if ((long) newFlavorDiskGib * GIBIBYTE > before) {
            rootDisks.extend(root, VolumeSize.ofGibibytes(newFlavorDiskGib));
        }
    }

    /** A revert: the root disk holds again what it held before the resize, at its size then. */
    public void revertResize(String serverId) {
        Optional<SnapshotId> kept = resizeSnapshot(serverId);
        if (kept.isPresent()) {
            rootDisks.revertToSnapshot(rootDiskId(serverId), kept.get());
            rootDisks.deleteSnapshot(kept.get());
        }
    }

    /** A confirmed resize: what a revert would have gone back to is not kept. */
    public void confirmResize(String serverId) {
        resizeSnapshot(serverId).ifPresent(rootDisks::deleteSnapshot);
    }

    private Optional<SnapshotId> resizeSnapshot(String serverId) {
        VolumeId root = rootDiskId(serverId);
        if (!rootDisks.exists(root)) {
            return Optional.empty();
        }
        String prefix = RESIZE_SNAPSHOT.formatted(serverId, 0L).replaceAll("0$", "");
        return rootDisks.info(root).snapshots().stream().filter(id -> id.value().startsWith(prefix))
                .reduce((first, second) -> second);
    }

    /** Deletes the server's local disks; deleting what does not exist succeeds. */
    public void delete(String serverId) {
        resizeSnapshot(serverId).ifPresent(rootDisks::deleteSnapshot);
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
