package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Volumes as qcow2 files under a root directory ({@link StoreLayout} shows the tree), driven by {@code qemu-img}.
 *
 * <p><b>Copy-on-write.</b> A volume made from an image is a qcow2 overlay on the image's cached base
 * ({@link BaseCache}); a volume made from a snapshot is an overlay on the snapshot's file; a clone is an overlay on
 * a frozen copy of the source volume. Creating any of them writes one small header, whatever the source's size.
 * A base stays cached after its last volume is deleted (the next volume of that image is then instant too) until
 * {@link #releaseImage} says the image is gone; it is never removed while a volume or snapshot depends on it.
 *
 * <p><b>Snapshots freeze the volume's file.</b> Taking a snapshot hard-links the volume's {@code disk.qcow2} as
 * {@code snapshot-ID.qcow2} (the same data, now never written again), writes a new empty overlay backed by it and
 * renames that over {@code disk.qcow2}. A crash at any point leaves either the old state or the new one (recovery
 * removes a node that is still the volume's own file). Cloning a volume freezes it the same way under a
 * {@code clone-ID.qcow2} name. Frozen files are immutable, so any number of volumes can be stacked on them.
 *
 * <p><b>Deleting in any order.</b> Nothing is merged or rebased: a deleted snapshot, a released image or a clone
 * node is only marked, and {@link NodeCollector} removes it when no file's header names it as backing file any more
 * (the reference count is read from the files, so it survives restarts and cannot drift). The price is that each
 * snapshot or clone adds a layer under its volume for as long as the volume lives; flattening a deleted node into its
 * only child ({@code qemu-img rebase} onto the grandparent, which QEMU's image locks make safe to attempt) is the
 * planned remedy.
 *
 * <p><b>Volumes in use.</b> Switching a volume's file (snapshot, clone), resizing, exporting and deleting first open
 * it the way qemu-img does without {@code -U}, which fails while a QEMU process holds the image: that becomes a
 * conflict. Only {@link #info} reads with {@code -U}, so the operator's view works on running servers.
 *
 * <p><b>Export</b> runs {@code qemu-img convert} into a file (qemu-img cannot write raw or qcow2 output to a pipe):
 * straight into the target's directory under a temporary name for {@link #export(VolumeId, ExportFormat, Path)},
 * or into {@code exports/} for a stream, which is then copied and always removed.
 *
 * <p><b>Concurrency.</b> One lock guards the tree for the short metadata operations; conversions of image bases and
 * exports run outside it.
 */
public final class LocalBlockStore implements BlockStore {
    private final StoreLayout layout;
    private final ImageFiles files;
    private final BaseCache bases;
    private final NodeCollector collector;
    private final Object lock = new Object();

    /** Opens (or creates) a store under {@code root} and repairs what an earlier crash may have left. */
    public LocalBlockStore(Path root, QemuImg qemuImg) {
        this.layout = new StoreLayout(root);
        this.files = new ImageFiles(qemuImg);
        this.bases = new BaseCache(layout, files, lock);
        this.collector = new NodeCollector(layout);
        layout.createDirectories();
        synchronized (lock) {
            collector.recover();
        }
    }

    /** The file system the store's directory is on. */
    @Override
    public StoreCapacity capacity() {
        try {
            java.nio.file.FileStore fileStore = java.nio.file.Files.getFileStore(layout.root());
            return new StoreCapacity(fileStore.getTotalSpace(), fileStore.getUsableSpace());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void createBlank(VolumeId volume, VolumeSize size) {
        requireNonNull(size, "size is null");
        translate("create", volume, () -> {
            synchronized (lock) {
                createVolumeFile(volume, head -> files.createBlank(head, size));
            }
        });
    }

    @Override
    public void createFromImage(VolumeId volume, ImageSource image, VolumeSize size) {
        requireNonNull(image, "image is null");
        requireNonNull(size, "size is null");
        translate("create", volume, () -> {
            synchronized (lock) {
                requireAbsent(volume);
            }
            BaseCache.Base base = bases.ensure(image, size);
            synchronized (lock) {
                BaseCache.requireStillPresent(base, image);
                createVolumeFile(volume, head -> files.createOverlay(head, base.file(), base.format(), size));
            }
        });
    }

    @Override
    public void cloneVolume(VolumeId volume, VolumeId source, VolumeSize size) {
        requireNonNull(size, "size is null");
        translate("clone", source, () -> {
            synchronized (lock) {
                requireAbsent(volume);
                Path sourceHead = requireHead(source);
                long sourceSize = requireClosed(source, sourceHead).virtualSize();
                requireAtLeast(size, sourceSize, "volume " + source);
                Path node = layout.cloneNode(source, volume);
                freeze(sourceHead, node, sourceSize);
                try {
                    createVolumeFile(volume, head -> files.createOverlay(head, node, "qcow2", size));
                } catch (RuntimeException | Error e) {
                    unfreeze(sourceHead, node);
                    throw e;
                }
            }
        });
    }

    @Override
    public void createSnapshot(SnapshotId snapshot, VolumeId volume) {
        requireNonNull(snapshot, "snapshot is null");
        translate("snapshot", volume, () -> {
            synchronized (lock) {
                Path head = requireHead(volume);
                Path node = layout.snapshotNode(volume, snapshot);
                if (Files.exists(node) || layout.findSnapshot(snapshot).isPresent()) {
                    throw BlockStoreException.conflict("Snapshot %s already exists", snapshot);
                }
                freeze(head, node, requireClosed(volume, head).virtualSize());
            }
        });
    }

    @Override
    public void createSnapshotFrom(SnapshotId snapshot, VolumeId volume, Consumer<Path> writer) {
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(writer, "writer is null");
        translate("snapshot", volume, () -> {
            Path node;
            long size;
            synchronized (lock) {
                Path head = requireHead(volume);
                node = layout.snapshotNode(volume, snapshot);
                if (Files.exists(node) || layout.findSnapshot(snapshot).isPresent()) {
                    throw BlockStoreException.conflict("Snapshot %s already exists", snapshot);
                }
                size = files.info(head, "qcow2", true).virtualSize();
            }
            Path temporary = StoreLayout.temporarySibling(node);
            try {
                writer.accept(temporary);
                QemuImageInfo copy = files.info(temporary, "qcow2", false);
                if (copy.backingFilename().isPresent() || copy.virtualSize() != size) {
                    throw BlockStoreException.badRequest("The copy of volume %s is not one file of its size %d bytes",
                            volume, size);
                }
                synchronized (lock) {
                    requireHead(volume);
                    Files.move(temporary, node, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write snapshot " + snapshot, e);
            } finally {
                ImageFiles.deleteQuietly(temporary);
            }
        });
    }

    @Override
    public void createFromSnapshot(VolumeId volume, SnapshotId snapshot, VolumeSize size) {
        requireNonNull(snapshot, "snapshot is null");
        requireNonNull(size, "size is null");
        translate("create", volume, () -> {
            synchronized (lock) {
                requireAbsent(volume);
                Path node = layout.findSnapshot(snapshot)
                        .orElseThrow(() -> BlockStoreException.notFound("Snapshot %s could not be found", snapshot));
                requireAtLeast(size, files.info(node, "qcow2", true).virtualSize(), "snapshot " + snapshot);
                createVolumeFile(volume, head -> files.createOverlay(head, node, "qcow2", size));
            }
        });
    }

    @Override
    public void revertToSnapshot(VolumeId volume, SnapshotId snapshot) {
        requireNonNull(snapshot, "snapshot is null");
        translate("revert", volume, () -> {
            synchronized (lock) {
                Path head = requireHead(volume);
                requireClosed(volume, head);
                Path node = layout.snapshotNode(volume, snapshot);
                if (!Files.exists(node) || layout.findSnapshot(snapshot).isEmpty()) {
                    throw BlockStoreException.notFound("Snapshot %s of volume %s could not be found", snapshot, volume);
                }
                long size = files.info(node, "qcow2", true).virtualSize();
                ImageFiles.writeAtomically(head, temporary ->
                        files.createOverlay(temporary, node, "qcow2", VolumeSize.ofBytes(size)));
                collector.collect();
            }
        });
    }

    @Override
    public void deleteSnapshot(SnapshotId snapshot) {
        requireNonNull(snapshot, "snapshot is null");
        translate("delete snapshot", snapshot, () -> {
            synchronized (lock) {
                Optional<Path> node = layout.findSnapshot(snapshot);
                if (node.isPresent()) {
                    createMarker(layout.unwantedMarker(node.get()));
                }
                collector.collect();
            }
        });
    }

    @Override
    public void extend(VolumeId volume, VolumeSize newSize) {
        requireNonNull(newSize, "newSize is null");
        translate("extend", volume, () -> {
            synchronized (lock) {
                Path head = requireHead(volume);
                long current = requireClosed(volume, head).virtualSize();
                if (newSize.bytes() < current) {
                    throw BlockStoreException.badRequest(
                            "Volume %s cannot shrink: new size %d bytes is smaller than its size %d bytes",
                            volume, newSize.bytes(), current);
                }
                if (newSize.bytes() > current) {
                    files.resize(head, newSize);
                }
            }
        });
    }

    @Override
    public void export(VolumeId volume, ExportFormat format, OutputStream target) {
        requireNonNull(format, "format is null");
        requireNonNull(target, "target is null");
        translate("export", volume, () -> {
            // qemu-img writes files, not pipes (raw output seeks over holes, qcow2 output rewrites its tables), so the
            // export goes to a temporary file under the store's root first, then to the stream; it is always removed.
            Path exported = StoreLayout.temporarySibling(layout.exports().resolve(volume.value()));
            try {
                export(volume, format, exported);
                Files.copy(exported, target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stream the export of volume " + volume, e);
            } finally {
                ImageFiles.deleteQuietly(exported);
            }
        });
    }

    @Override
    public void export(VolumeId volume, ExportFormat format, Path target) {
        requireNonNull(format, "format is null");
        requireNonNull(target, "target is null");
        translate("export", volume, () -> {
            Path head;
            synchronized (lock) {
                head = requireHead(volume);
            }
            files.convert(head, "qcow2", target.toAbsolutePath(), format.qemuDriver());
        });
    }

    @Override
    public void delete(VolumeId volume) {
        translate("delete", volume, () -> {
            synchronized (lock) {
                Path head = layout.head(volume);
                if (Files.exists(head)) {
                    requireClosed(volume, head);
                    ImageFiles.deleteQuietly(head);
                    if (Files.exists(head)) {
                        throw BlockStoreException.internal(null, "Volume %s could not be removed", volume);
                    }
                }
                collector.collect();
            }
        });
    }

    @Override
    public void releaseImage(String imageId) {
        StorageNames.requireSafe(requireNonNull(imageId, "imageId is null"), "image id");
        translate("release image", imageId, () -> {
            synchronized (lock) {
                Optional<Path> base = layout.existingBase(imageId);
                if (base.isPresent()) {
                    createMarker(layout.unwantedMarker(base.get()));
                }
                collector.collect();
            }
        });
    }

    @Override
    public Set<String> preparedImages() {
        synchronized (lock) {
            return layout.baseFiles().stream()
                    .filter(base -> !Files.exists(layout.unwantedMarker(base)))
                    .map(base -> base.getFileName().toString())
                    .map(name -> name.substring(0, name.lastIndexOf('.')))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Override
    public VolumeInfo info(VolumeId volume) {
        return translate("inspect", volume, () -> {
            Path head;
            synchronized (lock) {
                head = requireHead(volume);
            }
            return VolumeInspection.describe(volume, layout, files.chain(head));
        });
    }

    @Override
    public Path localPath(VolumeId volume) {
        synchronized (lock) {
            return requireHead(volume);
        }
    }

    @Override
    public boolean exists(VolumeId volume) {
        return Files.exists(layout.head(requireNonNull(volume, "volume is null")));
    }

    /**
     * Makes {@code head}'s current data the immutable {@code node} and puts a new empty overlay in its place. If this
     * fails, the node is removed and the volume is unchanged.
     */
    private void freeze(Path head, Path node, long size) {
        try {
            Files.createLink(node, head);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot freeze " + head, e);
        }
        try {
            files.createOverlay(head, node, "qcow2", VolumeSize.ofBytes(size));
        } catch (RuntimeException | Error e) {
            ImageFiles.deleteQuietly(node);
            throw e;
        }
    }

    /**
     * Undoes a {@link #freeze} whose overlay nobody has written yet: the frozen file becomes the volume's file again
     * and the empty overlay is dropped by the same rename.
     */
    private static void unfreeze(Path head, Path node) {
        try {
            Files.move(node, head, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The volume keeps the extra layer, which holds the same data; the node goes with the volume.
        }
    }

    /** Creates the volume's directory and file; if writing fails, the directory goes too. */
    private void createVolumeFile(VolumeId volume, ImageFiles.FileWriter writer) {
        requireAbsent(volume);
        Path directory = layout.volumeDirectory(volume);
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            throw BlockStoreException.conflict(
                    "Volume id %s was used before and files of its snapshots still exist", volume);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of volume " + volume, e);
        }
        try {
            ImageFiles.writeAtomically(layout.head(volume), writer);
        } catch (RuntimeException | Error e) {
            removeDirectoryIfEmpty(directory);
            throw e;
        }
    }

    private void requireAbsent(VolumeId volume) {
        requireNonNull(volume, "volume is null");
        if (Files.exists(layout.head(volume))) {
            throw BlockStoreException.conflict("Volume %s already exists", volume);
        }
    }

    private Path requireHead(VolumeId volume) {
        requireNonNull(volume, "volume is null");
        Path head = layout.head(volume);
        if (!Files.exists(head)) {
            throw BlockStoreException.notFound("Volume %s could not be found", volume);
        }
        return head;
    }

    /** Reads the volume's information without {@code -U}: fails with a conflict if a QEMU process has it open. */
    private QemuImageInfo requireClosed(VolumeId volume, Path head) {
        try {
            return files.info(head, "qcow2", false);
        } catch (QemuImgException e) {
            if (e.isLockConflict()) {
                throw BlockStoreException.conflict(e, "Volume %s is in use by a running server", volume);
            }
            throw e;
        }
    }

    private static void requireAtLeast(VolumeSize size, long sourceSize, String source) {
        if (size.bytes() < sourceSize) {
            throw BlockStoreException.badRequest(
                    "Volume size %d bytes is smaller than the size %d bytes of %s", size.bytes(), sourceSize, source);
        }
    }

    private static void createMarker(Path marker) {
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            // Already marked.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }

    private static void removeDirectoryIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // Holds other files; leave it.
        } catch (IOException e) {
            // Recovery at the next start removes empty volume directories.
        }
    }

    private static void translate(String action, Object subject, Runnable body) {
        translate(action, subject, () -> {
            body.run();
            return null;
        });
    }

    /** Turns failures below the store into {@link BlockStoreException}s; the store's own pass through unchanged. */
    private static <T> T translate(String action, Object subject, Supplier<T> body) {
        try {
            return body.get();
        } catch (BlockStoreException e) {
            throw e;
        } catch (QemuImgException e) {
            if (e.isLockConflict()) {
                throw BlockStoreException.conflict(e, "%s is in use by a running server", subject);
            }
            throw BlockStoreException.internal(e, "Could not %s %s: qemu-img: %s", action, subject, e.getMessage());
        } catch (UncheckedIOException e) {
            throw BlockStoreException.internal(e, "Could not %s %s: %s", action, subject, e.getMessage());
        }
    }
}
