package org.stackbox.storage.block;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where volumes live: the block storage driver under the volume service. Implementations: {@link LocalBlockStore}
 * (qcow2 files), later Ceph RBD.
 *
 * <p>The contract every implementation keeps:
 * <ul>
 *   <li>An operation that fails leaves the store as it was: if a create fails, nothing of the new volume or
 *       snapshot is left behind; if extend fails, the volume keeps its size and data.</li>
 *   <li>Copy-on-write: creating a volume from an image, a snapshot or another volume costs the same for a 1 GiB and
 *       a 100 GiB source (after the first volume of an image, which may prepare the image once).</li>
 *   <li>Volumes, snapshots and images can be deleted or released in any order; the data a remaining volume or
 *       snapshot depends on is kept until nothing depends on it, then freed.</li>
 *   <li>A volume that a running server has open is not switched, resized, exported or deleted under it: those calls
 *       fail with a conflict. Changing a volume in use (live snapshot, online extend) is the hypervisor's job.</li>
 *   <li>Deletes are idempotent: deleting what does not exist succeeds.</li>
 *   <li>Unknown ids fail with a not-found {@link BlockStoreException}; bad sizes with a bad-request one.</li>
 * </ul>
 * The volume service serializes operations on one volume (its state machine); the store is safe for concurrent calls
 * on different volumes.
 */
public interface BlockStore {

    /** Creates an empty volume of {@code size}. Post-condition: the volume exists and reads as zeros. */
    void createBlank(VolumeId volume, VolumeSize size);

    /**
     * Creates a volume holding the image's disk, grown to {@code size}. Fails (bad request) if the image does not
     * read as its registered format, refers to other files, or is larger than {@code size}.
     */
    void createFromImage(VolumeId volume, ImageSource image, VolumeSize size);

    /**
     * Creates {@code volume} as a copy of {@code source} as it is now; {@code source} stays writable. Fails with a
     * conflict while {@code source} is in use (a live copy is the hypervisor's job).
     */
    void cloneVolume(VolumeId volume, VolumeId source, VolumeSize size);

    /**
     * Freezes the volume's current data as {@code snapshot}; the volume stays writable. Fails with a conflict while
     * the volume is in use (a live snapshot is the hypervisor's job).
     */
    void createSnapshot(SnapshotId snapshot, VolumeId volume);

    /**
     * Makes {@code snapshot} of a volume from a copy written elsewhere, the volume itself untouched: {@code writer}
     * writes the file it is given as one self-contained qcow2 file of the volume's size (a live copy the hypervisor
     * makes of a volume a running guest has open), which then becomes the snapshot. The store is not held up while
     * the writer runs; a failed or wrong copy leaves nothing.
     */
    void createSnapshotFrom(SnapshotId snapshot, VolumeId volume, Consumer<Path> writer);

    /** Creates a volume holding the snapshot's data, grown to {@code size}. */
    void createFromSnapshot(VolumeId volume, SnapshotId snapshot, VolumeSize size);

    /** Deletes the snapshot; volumes made from it keep their data. */
    /**
     * Puts the volume's data back to what it was at {@code snapshot}, one of the volume's own snapshots (Cinder's
     * revert to snapshot): its head becomes a new empty overlay on the snapshot, at the snapshot's size. Fails
     * (conflict) while a QEMU process has the volume open.
     */
    void revertToSnapshot(VolumeId volume, SnapshotId snapshot);

    void deleteSnapshot(SnapshotId snapshot);

    /**
     * Grows the volume to {@code newSize}; the new space reads as zeros. Shrinking fails (bad request); the same size
     * is a no-op, so that a retried call succeeds.
     */
    void extend(VolumeId volume, VolumeSize newSize);

    /** Writes the volume's whole disk to {@code target} as one self-contained raw or qcow2 stream. */
    void export(VolumeId volume, ExportFormat format, OutputStream target);

    /**
     * Writes the volume's whole disk to the file {@code target} (replacing it if it exists), which appears complete
     * or not at all.
     */
    void export(VolumeId volume, ExportFormat format, Path target);

    /** Deletes the volume; snapshots and volumes made from it keep their data. */
    void delete(VolumeId volume);

    /**
     * Says the image will not be used for new volumes any more (it was deleted, or its cache entry is evicted): what
     * the store prepared for it is freed once no volume or snapshot depends on it. Creating a volume from the image
     * later simply prepares it again.
     */
    void releaseImage(String imageId);

    /** The images this store keeps a prepared copy of and was not told to release: what to check against the images. */
    Set<String> preparedImages();

    VolumeInfo info(VolumeId volume);

    /**
     * The file the hypervisor opens for the volume: a qcow2 file whose backing chain records every format, so QEMU
     * needs to probe none. The path stays the same for the volume's life (a snapshot or clone puts a new file there,
     * which is why they need the volume closed).
     */
    Path localPath(VolumeId volume);

    boolean exists(VolumeId volume);

    /** The space the store has: in total, and free for more data (what a scheduler reports as its pool's capacity). */
    StoreCapacity capacity();
}
