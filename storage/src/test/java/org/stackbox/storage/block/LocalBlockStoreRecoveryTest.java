package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a crash can leave behind, and how a new store on the same directory puts it right. */
class LocalBlockStoreRecoveryTest {
    @TempDir
    Path root;

    @Test
    void partialFilesAndUnfinishedSnapshotsAreRemovedAtStart() throws IOException {
        LocalBlockStore store = new LocalBlockStore(root, QemuImg.system());
        VolumeId volume = new VolumeId("volume");
        store.createBlank(volume, VolumeSize.ofBytes(16 * MEBIBYTE));
        Disks.writePattern(store.localPath(volume), 0x11, 0, MEBIBYTE);
        Path directory = root.resolve("volumes/volume");
        Files.createLink(directory.resolve("snapshot-unfinished.qcow2"), directory.resolve("disk.qcow2"));
        Files.writeString(directory.resolve(".disk.qcow2.tmp-1234"), "partial");
        Files.writeString(root.resolve("images/.image.qcow2.tmp-5678"), "partial");
        Files.writeString(root.resolve("exports/.volume.tmp-9"), "partial");
        Files.createDirectories(root.resolve("volumes/empty"));

        LocalBlockStore restarted = new LocalBlockStore(root, QemuImg.system());

        assertThat(Disks.filesUnder(root)).containsExactly(directory.resolve("disk.qcow2"));
        assertThat(root.resolve("volumes/empty")).doesNotExist();
        assertThat(restarted.info(volume).snapshots()).isEmpty();
        assertThat(Disks.reads(restarted.localPath(volume), 0x11, 0, MEBIBYTE)).isTrue();
    }

    @Test
    void deletedSnapshotStillNeededIsRemovedAfterARestartWhenItsLastChildGoes() {
        LocalBlockStore store = new LocalBlockStore(root, QemuImg.system());
        VolumeId volume = new VolumeId("volume");
        store.createBlank(volume, VolumeSize.ofBytes(16 * MEBIBYTE));
        store.createSnapshot(new SnapshotId("snapshot"), volume);
        VolumeId child = new VolumeId("child");
        store.createFromSnapshot(child, new SnapshotId("snapshot"), VolumeSize.ofBytes(16 * MEBIBYTE));
        store.delete(volume);
        store.deleteSnapshot(new SnapshotId("snapshot"));
        assertThat(root.resolve("volumes/volume/snapshot-snapshot.qcow2")).isRegularFile();

        LocalBlockStore restarted = new LocalBlockStore(root, QemuImg.system());
        assertThat(root.resolve("volumes/volume/snapshot-snapshot.qcow2")).isRegularFile();
        Disks.assertHealthy(restarted.localPath(child));
        restarted.delete(child);

        assertThat(Disks.filesUnder(root)).isEmpty();
    }
}
