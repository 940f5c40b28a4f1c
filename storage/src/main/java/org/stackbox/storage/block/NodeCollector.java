package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the files nobody needs any more. The reference count of a node is not stored anywhere: it is the number
 * of qcow2 files whose header names it as backing file, read from the files themselves, so it cannot drift from the
 * truth and survives restarts. A node goes when it is unwanted and unreferenced:
 * <ul>
 *   <li>a clone node ({@code clone-*.qcow2}) is unwanted from birth: it exists only for its children;</li>
 *   <li>a snapshot node is unwanted once the snapshot is deleted ({@code .deleted} marker);</li>
 *   <li>a base is unwanted once its image is released ({@code .released} marker);</li>
 *   <li>a volume's own file ({@code disk.qcow2}) is removed by the volume's deletion, never here.</li>
 * </ul>
 * Removing a node may leave its own backing file unreferenced, so collection repeats until nothing changes.
 * Callers hold the store's lock.
 */
final class NodeCollector {
    private final StoreLayout layout;

    NodeCollector(StoreLayout layout) {
        this.layout = requireNonNull(layout, "layout is null");
    }

    void collect() {
        boolean removed;
        do {
            removed = false;
            Set<Path> referenced = referencedFiles();
            for (Path node : layout.volumeFiles()) {
                if (isUnwanted(node) && !referenced.contains(node)) {
                    remove(node);
                    removed = true;
                }
            }
            for (Path base : layout.baseFiles()) {
                if (Files.exists(layout.unwantedMarker(base)) && !referenced.contains(base)) {
                    remove(base);
                    removed = true;
                }
            }
        } while (removed);
        removeStrayMarkers();
        removeEmptyVolumeDirectories();
    }

    /**
     * Puts the tree back in order after a crash: temporary files go, and so does a snapshot or clone node that is
     * still the same file as its volume (the freeze stopped between linking the node and switching the volume to a
     * new overlay, so the node was never frozen). Then collects.
     */
    void recover() {
        StoreLayout.list(layout.exports()).forEach(ImageFiles::deleteQuietly);
        StoreLayout.list(layout.images()).stream().filter(StoreLayout::isTemporary).forEach(ImageFiles::deleteQuietly);
        for (Path directory : layout.volumeDirectories()) {
            Path head = directory.resolve(StoreLayout.HEAD);
            for (Path file : StoreLayout.list(directory)) {
                if (StoreLayout.isTemporary(file) || isUnfrozenNode(file, head)) {
                    ImageFiles.deleteQuietly(file);
                }
            }
        }
        collect();
    }

    private static boolean isUnfrozenNode(Path file, Path head) {
        if (file.equals(head) || !Files.exists(head) || !StoreLayout.isQcow2(file)) {
            return false;
        }
        try {
            return Files.isSameFile(file, head);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + file + " with " + head, e);
        }
    }

    private Set<Path> referencedFiles() {
        Set<Path> referenced = new HashSet<>();
        for (Path file : layout.volumeFiles()) {
            try {
                Qcow2Header.backingFile(file)
                        .ifPresent(name -> referenced.add(file.getParent().resolve(name).normalize()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the header of " + file, e);
            }
        }
        return referenced;
    }

    private boolean isUnwanted(Path node) {
        String name = node.getFileName().toString();
        if (name.startsWith(StoreLayout.CLONE_PREFIX)) {
            return true;
        }
        return name.startsWith(StoreLayout.SNAPSHOT_PREFIX) && Files.exists(layout.unwantedMarker(node));
    }

    private void remove(Path node) {
        try {
            Files.deleteIfExists(node);
            Files.deleteIfExists(layout.unwantedMarker(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + node, e);
        }
    }

    private void removeStrayMarkers() {
        for (Path directory : layout.volumeDirectories()) {
            removeMarkersWithoutNode(StoreLayout.list(directory), StoreLayout.DELETED);
        }
        removeMarkersWithoutNode(StoreLayout.list(layout.images()), StoreLayout.RELEASED);
    }

    private static void removeMarkersWithoutNode(List<Path> files, String suffix) {
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!name.endsWith(suffix)) {
                continue;
            }
            String stem = name.substring(0, name.length() - suffix.length());
            boolean nodeExists = Files.exists(file.resolveSibling(stem + StoreLayout.QCOW2))
                    || Files.exists(file.resolveSibling(stem + StoreLayout.RAW));
            if (!nodeExists) {
                ImageFiles.deleteQuietly(file);
            }
        }
    }

    private void removeEmptyVolumeDirectories() {
        for (Path directory : layout.volumeDirectories()) {
            try {
                Files.deleteIfExists(directory);
            } catch (DirectoryNotEmptyException e) {
                // Still holds the volume or nodes other volumes depend on.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + directory, e);
            }
        }
    }
}
