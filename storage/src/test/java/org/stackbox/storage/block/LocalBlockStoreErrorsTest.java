package org.stackbox.storage.block;

import org.stackbox.storage.block.BlockStoreException.Code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

class LocalBlockStoreErrorsTest {
    @TempDir
    Path root;

    @TempDir
    Path outside;

    private LocalBlockStore store;
    private final VolumeId existing = new VolumeId("existing");
    private final VolumeId unknown = new VolumeId("unknown");
    private Path rawImage;

    @BeforeEach
    void openStore() {
        store = new LocalBlockStore(root, QemuImg.system());
        store.createBlank(existing, VolumeSize.ofBytes(16 * MEBIBYTE));
        Disks.writePattern(store.localPath(existing), 0x11, 0, MEBIBYTE);
        rawImage = Disks.raw(outside.resolve("image.raw"), 32 * MEBIBYTE, 0, Disks.pattern(4096, 1));
    }

    @Test
    void sizesMustBePositiveWholeSectors() {
        assertFails(Code.INVALID_REQUEST, "greater than 0", () -> VolumeSize.ofBytes(-1));
        assertFails(Code.INVALID_REQUEST, "greater than 0", () -> VolumeSize.ofBytes(0));
        assertFails(Code.INVALID_REQUEST, "greater than 0", () -> VolumeSize.ofGibibytes(0));
        assertFails(Code.INVALID_REQUEST, "multiple of 512", () -> VolumeSize.ofBytes(1000));
        assertFails(Code.INVALID_REQUEST, "too large", () -> VolumeSize.ofGibibytes(Long.MAX_VALUE / 2));
    }

    @Test
    void glanceDiskFormatsMapToImageFormats() {
        assertThat(ImageFormat.fromDiskFormat("qcow2")).contains(ImageFormat.QCOW2);
        assertThat(ImageFormat.fromDiskFormat("iso")).contains(ImageFormat.ISO);
        assertThat(ImageFormat.fromDiskFormat("vhd")).contains(ImageFormat.VHD);
        assertThat(ImageFormat.fromDiskFormat("ami")).isEmpty();
    }

    @Test
    void volumeNamedLikeAStoreDirectoryIsAnOrdinaryVolume() {
        VolumeId images = new VolumeId("images");
        store.createBlank(images, VolumeSize.ofBytes(MEBIBYTE));
        store.createSnapshot(new SnapshotId("snapshot"), images);

        store.deleteSnapshot(new SnapshotId("snapshot"));
        store.delete(images);

        assertOnlyTheExistingVolume();
    }

    @Test
    void idsCannotNameOtherFiles() {
        assertFails(Code.INVALID_REQUEST, "Invalid volume id", () -> new VolumeId("../images"));
        assertFails(Code.INVALID_REQUEST, "Invalid snapshot id", () -> new SnapshotId("a/b"));
        assertFails(Code.INVALID_REQUEST, "Invalid image id",
                () -> new ImageSource(".hidden", ImageFormat.RAW, rawImage));
    }

    @Test
    void unknownVolumeIsNotFound() {
        String message = "Volume unknown could not be found";
        assertFails(Code.NOT_FOUND, message, () -> store.info(unknown));
        assertFails(Code.NOT_FOUND, message, () -> store.localPath(unknown));
        assertFails(Code.NOT_FOUND, message, () -> store.extend(unknown, VolumeSize.ofGibibytes(1)));
        assertFails(Code.NOT_FOUND, message, () -> store.createSnapshot(new SnapshotId("s"), unknown));
        assertFails(Code.NOT_FOUND, message,
                () -> store.cloneVolume(new VolumeId("clone"), unknown, VolumeSize.ofGibibytes(1)));
        assertFails(Code.NOT_FOUND, message,
                () -> store.export(unknown, ExportFormat.RAW, new ByteArrayOutputStream()));
        assertFails(Code.NOT_FOUND, "Snapshot nothing could not be found",
                () -> store.createFromSnapshot(new VolumeId("new"), new SnapshotId("nothing"), VolumeSize.ofGibibytes(1)));
        assertThat(store.exists(unknown)).isFalse();
        assertOnlyTheExistingVolume();
    }

    @Test
    void deletingWhatDoesNotExistSucceeds() {
        store.delete(unknown);
        store.deleteSnapshot(new SnapshotId("nothing"));
        store.releaseImage("nothing");

        assertOnlyTheExistingVolume();
    }

    @Test
    void shrinkingIsRefusedAndChangesNothing() {
        assertFails(Code.INVALID_REQUEST, "cannot shrink",
                () -> store.extend(existing, VolumeSize.ofBytes(8 * MEBIBYTE)));

        assertThat(store.info(existing).sizeBytes()).isEqualTo(16 * MEBIBYTE);
        assertThat(Disks.reads(store.localPath(existing), 0x11, 0, MEBIBYTE)).isTrue();
    }

    @Test
    void volumeSmallerThanItsSourceIsRefusedAndLeavesNothing() {
        ImageSource image = new ImageSource("image", ImageFormat.RAW, rawImage);
        assertFails(Code.INVALID_REQUEST, "smaller than the virtual size",
                () -> store.createFromImage(new VolumeId("small"), image, VolumeSize.ofBytes(16 * MEBIBYTE)));
        assertFails(Code.INVALID_REQUEST, "smaller than the size",
                () -> store.cloneVolume(new VolumeId("small"), existing, VolumeSize.ofBytes(8 * MEBIBYTE)));
        store.createSnapshot(new SnapshotId("snapshot"), existing);
        assertFails(Code.INVALID_REQUEST, "smaller than the size",
                () -> store.createFromSnapshot(new VolumeId("small"), new SnapshotId("snapshot"),
                        VolumeSize.ofBytes(8 * MEBIBYTE)));

        assertThat(store.exists(new VolumeId("small"))).isFalse();
        assertThat(Disks.filesUnder(root.resolve("images"))).isEmpty();
        assertThat(Disks.filesUnder(root.resolve("volumes"))).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("disk.qcow2", "snapshot-snapshot.qcow2");
    }

    @Test
    void imageThatIsNotItsFormatIsRefusedAndLeavesNothing() {
        ImageSource mislabelled = new ImageSource("mislabelled", ImageFormat.QCOW2, rawImage);

        assertFails(Code.INVALID_REQUEST, "Image mislabelled cannot be read as qcow2",
                () -> store.createFromImage(new VolumeId("volume"), mislabelled, VolumeSize.ofGibibytes(1)));

        assertOnlyTheExistingVolume();
    }

    @Test
    void imageThatPointsAtAnotherFileIsRefused() {
        Path sneaky = outside.resolve("sneaky.qcow2");
        Disks.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", rawImage.toString(),
                sneaky.toString());

        assertFails(Code.INVALID_REQUEST, "must be self-contained",
                () -> store.createFromImage(new VolumeId("volume"),
                        new ImageSource("sneaky", ImageFormat.QCOW2, sneaky), VolumeSize.ofGibibytes(1)));

        assertOnlyTheExistingVolume();
    }

    @Test
    void missingImageDataIsNotFound() {
        ImageSource gone = new ImageSource("gone", ImageFormat.RAW, outside.resolve("gone.raw"));

        assertFails(Code.NOT_FOUND, "not in the image store",
                () -> store.createFromImage(new VolumeId("volume"), gone, VolumeSize.ofGibibytes(1)));

        assertOnlyTheExistingVolume();
    }

    @Test
    void existingIdsAreConflicts() {
        assertFails(Code.IN_USE, "Volume existing already exists",
                () -> store.createBlank(existing, VolumeSize.ofGibibytes(1)));
        assertFails(Code.IN_USE, "Volume existing already exists",
                () -> store.createFromImage(existing, new ImageSource("image", ImageFormat.RAW, rawImage),
                        VolumeSize.ofGibibytes(1)));
        store.createSnapshot(new SnapshotId("snapshot"), existing);
        assertFails(Code.IN_USE, "Snapshot snapshot already exists",
                () -> store.createSnapshot(new SnapshotId("snapshot"), existing));

        assertThat(store.info(existing).sizeBytes()).isEqualTo(16 * MEBIBYTE);
        assertThat(store.info(existing).chainLength()).isEqualTo(2);
        assertThat(Disks.reads(store.localPath(existing), 0x11, 0, MEBIBYTE)).isTrue();
    }

    private void assertOnlyTheExistingVolume() {
        assertThat(Disks.filesUnder(root)).containsExactly(store.localPath(existing));
    }

    private static void assertFails(Code code, String message, Executable call) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(BlockStoreException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }
}
