package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where {@link LocalBlockStore} keeps each file. All names derive from ids, so the tree is its own index:
 * <pre>
 * root/images/IMAGE.raw | IMAGE.qcow2             cached base of an image (read-only, shared by its volumes)
 * root/images/IMAGE.released                      marker: remove the base once no volume depends on it
 * root/volumes/VOLUME/disk.qcow2                  the volume: the file QEMU opens
 * root/volumes/VOLUME/snapshot-SNAPSHOT.qcow2     a snapshot: the volume's data frozen when it was taken
 * root/volumes/VOLUME/snapshot-SNAPSHOT.deleted   marker: the snapshot is deleted, its file kept for its children
 * root/volumes/VOLUME/clone-CLONE.qcow2           the volume's data frozen when volume CLONE was cloned from it
 * root/exports/                                   temporary files of exports in progress
 * .NAME.tmp-RANDOM (in any of these directories)  a file being written; renamed into place when complete
 * </pre>
 * Backing file names are stored relative to the file's own directory, so the whole tree can be moved.
 */
final class StoreLayout {
    static final String HEAD = "disk.qcow2";
    static final String SNAPSHOT_PREFIX = "snapshot-";
    static final String CLONE_PREFIX = "clone-";
    static final String QCOW2 = ".qcow2";
    static final String RAW = ".raw";
    static final String DELETED = ".deleted";
    static final String RELEASED = ".released";
    private static final String TEMPORARY_MARK = ".tmp-";

    private final Path root;

    Path root() {
        return root;
    }

    StoreLayout(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    void createDirectories() {
        try {
            Files.createDirectories(images());
            Files.createDirectories(volumes());
            Files.createDirectories(exports());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the block store under " + root, e);
        }
    }

    Path images() { return root.resolve("images"); }

    Path volumes() { return root.resolve("volumes"); }

    Path exports() { return root.resolve("exports"); }

    Path volumeDirectory(VolumeId volume) { return volumes().resolve(volume.value()); }

    Path head(VolumeId volume) { return volumeDirectory(volume).resolve(HEAD); }

    Path snapshotNode(VolumeId owner, SnapshotId snapshot) {
        return volumeDirectory(owner).resolve(SNAPSHOT_PREFIX + snapshot.value() + QCOW2);
    }

    Path cloneNode(VolumeId source, VolumeId clone) {
        return volumeDirectory(source).resolve(CLONE_PREFIX + clone.value() + QCOW2);
    }

    /** The marker that says a snapshot node or a base is no longer wanted for its own sake. */
    Path unwantedMarker(Path node) {
        String name = node.getFileName().toString();
        boolean base = images().equals(node.getParent());
        String stem = name.substring(0, name.lastIndexOf('.'));
        return node.resolveSibling(stem + (base ? RELEASED : DELETED));
    }

    Path base(String imageId, boolean raw) { return images().resolve(imageId + (raw ? RAW : QCOW2)); }

    Optional<Path> existingBase(String imageId) {
        return Stream.of(base(imageId, true), base(imageId, false)).filter(Files::exists).findFirst();
    }

    /** A live (not deleted) snapshot, wherever its volume is. */
    Optional<Path> findSnapshot(SnapshotId snapshot) {
        String name = SNAPSHOT_PREFIX + snapshot.value() + QCOW2;
        return volumeDirectories().stream()
                .map(directory -> directory.resolve(name))
                .filter(node -> Files.exists(node) && !Files.exists(unwantedMarker(node)))
                .findFirst();
    }

    List<Path> volumeDirectories() {
        return list(volumes()).stream().filter(Files::isDirectory).toList();
    }

    /** Every qcow2 file of every volume directory: heads, snapshot nodes and clone nodes. */
    List<Path> volumeFiles() {
        List<Path> files = new ArrayList<>();
        for (Path directory : volumeDirectories()) {
            list(directory).stream().filter(StoreLayout::isStoreFile).filter(file -> isQcow2(file)).forEach(files::add);
        }
        return files;
    }

    /** The bases present, raw and qcow2. */
    List<Path> baseFiles() {
        return list(images()).stream()
                .filter(StoreLayout::isStoreFile)
                .filter(file -> isQcow2(file) || file.getFileName().toString().endsWith(RAW))
                .toList();
    }

    /** Which volume a file belongs to, if it is in a volume directory. */
    Optional<VolumeId> owner(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        if (!volumes().equals(normalized.getParent().getParent())) {
            return Optional.empty();
        }
        return Optional.of(new VolumeId(normalized.getParent().getFileName().toString()));
    }

    /** The image whose base this file is, if it is one. */
    Optional<String> baseImage(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        if (!images().equals(normalized.getParent())) {
            return Optional.empty();
        }
        String name = normalized.getFileName().toString();
        return Optional.of(name.substring(0, name.lastIndexOf('.')));
    }

    /** A name next to {@code target} to write it under before renaming it into place. */
    static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMPORARY_MARK + UUID.randomUUID());
    }

    static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.contains(TEMPORARY_MARK);
    }

    static boolean isStoreFile(Path file) {
        return !isTemporary(file) && Files.isRegularFile(file);
    }

    static boolean isQcow2(Path file) {
        return file.getFileName().toString().endsWith(QCOW2);
    }

    static String stem(Path file, String prefix) {
        String name = file.getFileName().toString();
        return name.substring(prefix.length(), name.length() - QCOW2.length());
    }

    static List<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
