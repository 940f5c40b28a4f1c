package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

class LocalBlockStoreSnapshotTest {
    private static final VolumeSize SIZE = VolumeSize.ofBytes(16 * MEBIBYTE);

    @TempDir
    Path root;

    private LocalBlockStore store;
    private final VolumeId volume = new VolumeId("volume");

    @BeforeEach
    void openStore() {
        store = new LocalBlockStore(root, QemuImg.system());
        store.createBlank(volume, SIZE);
        Disks.writePattern(store.localPath(volume), 0x11, 0, MEBIBYTE);
    }

    @Test
    void volumeFromSnapshotHasTheDataOfTheMomentOfTheSnapshot() {
        SnapshotId snapshot = new SnapshotId("snapshot");
        store.createSnapshot(snapshot, volume);
        Disks.writePattern(store.localPath(volume), 0x22, 0, MEBIBYTE);

        VolumeId restored = new VolumeId("restored");
        store.createFromSnapshot(restored, snapshot, VolumeSize.ofBytes(32 * MEBIBYTE));

        assertThat(Disks.reads(store.localPath(restored), 0x11, 0, MEBIBYTE)).isTrue();
        assertThat(Disks.reads(store.localPath(restored), 0x22, 0, MEBIBYTE)).isFalse();
        assertThat(Disks.reads(store.localPath(volume), 0x22, 0, MEBIBYTE)).isTrue();
        assertThat(store.info(restored).parent())
                .contains(new VolumeParent(VolumeParent.Kind.SNAPSHOT, "snapshot", 16 * MEBIBYTE));
        assertThat(store.info(restored).sizeBytes()).isEqualTo(32 * MEBIBYTE);
        assertThat(store.info(volume).snapshots()).containsExactly(snapshot);
        assertThat(store.info(volume).parent()).isEmpty();
        Disks.assertHealthy(store.localPath(restored));
        Disks.assertHealthy(store.localPath(volume));
    }

    @Test
    void aSnapshotFromACopyHoldsTheCopyAndLeavesTheVolumeAlone() {
        SnapshotId snapshot = new SnapshotId("copied");
        store.createSnapshotFrom(snapshot, volume, copy -> convert(store.localPath(volume), copy));
        Disks.writePattern(store.localPath(volume), 0x22, 0, MEBIBYTE);

        VolumeId restored = new VolumeId("restored");
        store.createFromSnapshot(restored, snapshot, SIZE);
        assertThat(Disks.reads(store.localPath(restored), 0x11, 0, MEBIBYTE)).isTrue();
        assertThat(store.info(volume).snapshots()).containsExactly(snapshot);
        assertThat(store.info(volume).chainLength()).as("the volume's own chain is not touched").isEqualTo(1);
        Disks.assertHealthy(store.localPath(restored));
    }

    @Test
    void aCopyOfAnotherSizeMakesNoSnapshotAndLeavesNoFile() throws Exception {
        SnapshotId snapshot = new SnapshotId("wrong");
        assertThatThrownBy(() -> store.createSnapshotFrom(snapshot, volume,
                copy -> Disks.run("qemu-img", "create", "-q", "-f", "qcow2", copy.toString(),
                        Long.toString(8 * MEBIBYTE)))).isInstanceOf(BlockStoreException.class);
        assertThat(store.info(volume).snapshots()).isEmpty();
        try (var files = Files.list(store.localPath(volume).getParent())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("disk.qcow2");
        }
    }

    private static void convert(Path from, Path to) {
        Disks.run("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "qcow2", from.toString(), to.toString());
    }

    @Test
    void snapshotKeepsTheVolumesParentInItsInfo() {
        Path image = Disks.raw(root.resolve("image.raw"), 8 * MEBIBYTE, 0, Disks.pattern(4096, 5));
        VolumeId fromImage = new VolumeId("from-image");
        store.createFromImage(fromImage, new ImageSource("image", ImageFormat.RAW, image), SIZE);

        store.createSnapshot(new SnapshotId("first"), fromImage);
        store.createSnapshot(new SnapshotId("second"), fromImage);

        VolumeInfo info = store.info(fromImage);
        assertThat(info.parent()).contains(new VolumeParent(VolumeParent.Kind.IMAGE, "image", 8 * MEBIBYTE));
        assertThat(info.chainLength()).isEqualTo(4);
        assertThat(info.snapshots()).containsExactlyInAnyOrder(new SnapshotId("first"), new SnapshotId("second"));
    }

    @Test
    void cloneHasTheSourcesDataAndTheSourceStaysWritable() {
        VolumeId clone = new VolumeId("clone");

        store.cloneVolume(clone, volume, SIZE);
        Disks.writePattern(store.localPath(volume), 0x33, 0, MEBIBYTE);
        Disks.writePattern(store.localPath(clone), 0x44, MEBIBYTE, MEBIBYTE);

        assertThat(Disks.reads(store.localPath(clone), 0x11, 0, MEBIBYTE)).isTrue();
        assertThat(Disks.reads(store.localPath(clone), 0x44, MEBIBYTE, MEBIBYTE)).isTrue();
        assertThat(Disks.reads(store.localPath(volume), 0x33, 0, MEBIBYTE)).isTrue();
        assertThat(Disks.reads(store.localPath(volume), 0x00, MEBIBYTE, MEBIBYTE)).isTrue();
        assertThat(store.info(clone).parent())
                .contains(new VolumeParent(VolumeParent.Kind.VOLUME, "volume", 16 * MEBIBYTE));
        assertThat(store.info(volume).snapshots()).isEmpty();
    }

    @Test
    void extendGrowsAndKeepsTheData() {
        store.extend(volume, VolumeSize.ofBytes(64 * MEBIBYTE));

        assertThat(store.info(volume).sizeBytes()).isEqualTo(64 * MEBIBYTE);
        assertThat(Disks.reads(store.localPath(volume), 0x11, 0, MEBIBYTE)).isTrue();
        assertThat(Disks.reads(store.localPath(volume), 0x00, 32 * MEBIBYTE, MEBIBYTE)).isTrue();

        store.extend(volume, VolumeSize.ofBytes(64 * MEBIBYTE));
        assertThat(store.info(volume).sizeBytes()).isEqualTo(64 * MEBIBYTE);
    }

    @Test
    void extendOfAVolumeOnASnapshotGrowsOnlyTheVolume() {
        SnapshotId snapshot = new SnapshotId("before-growth");
        store.createSnapshot(snapshot, volume);

        store.extend(volume, VolumeSize.ofBytes(32 * MEBIBYTE));
        Disks.writePattern(store.localPath(volume), 0x55, 20 * MEBIBYTE, MEBIBYTE);

        assertThat(store.info(volume).sizeBytes()).isEqualTo(32 * MEBIBYTE);
        assertThat(store.info(volume).parent()).isEmpty();
        VolumeId restored = new VolumeId("restored");
        store.createFromSnapshot(restored, snapshot, SIZE);
        assertThat(store.info(restored).sizeBytes()).isEqualTo(16 * MEBIBYTE);
        Disks.assertHealthy(store.localPath(volume));
    }
}
