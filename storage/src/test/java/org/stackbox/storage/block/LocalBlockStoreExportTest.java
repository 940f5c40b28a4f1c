package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

class LocalBlockStoreExportTest {
    @TempDir
    Path root;

    @TempDir
    Path outside;

    @Test
    void rawExportIsTheVolumesContent() throws IOException {
        LocalBlockStore store = new LocalBlockStore(root, QemuImg.system());
        byte[] data = Disks.pattern(300_000, 9);
        Path image = Disks.raw(outside.resolve("image.raw"), 4 * MEBIBYTE, MEBIBYTE, data);
        VolumeId volume = new VolumeId("volume");
        store.createFromImage(volume, new ImageSource("image", ImageFormat.RAW, image),
                VolumeSize.ofBytes(6 * MEBIBYTE));
        Disks.writePattern(store.localPath(volume), 0x7f, 5 * MEBIBYTE, 65536);

        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        store.export(volume, ExportFormat.RAW, exported);

        byte[] expected = new byte[(int) (6 * MEBIBYTE)];
        System.arraycopy(data, 0, expected, (int) MEBIBYTE, data.length);
        Arrays.fill(expected, (int) (5 * MEBIBYTE), (int) (5 * MEBIBYTE) + 65536, (byte) 0x7f);
        assertThat(exported.toByteArray()).isEqualTo(expected);
        assertThat(Disks.filesUnder(root.resolve("exports"))).isEmpty();
    }

    @Test
    void qcow2ExportIsSelfContained() throws IOException {
        LocalBlockStore store = new LocalBlockStore(root, QemuImg.system());
        Path image = Disks.raw(outside.resolve("image.raw"), 4 * MEBIBYTE, 0, Disks.pattern(70_000, 2));
        VolumeId volume = new VolumeId("volume");
        store.createFromImage(volume, new ImageSource("image", ImageFormat.RAW, image),
                VolumeSize.ofBytes(4 * MEBIBYTE));
        store.createSnapshot(new SnapshotId("snapshot"), volume);
        Disks.writePattern(store.localPath(volume), 0x42, 2 * MEBIBYTE, 4096);
        Path target = outside.resolve("exported.qcow2");

        store.export(volume, ExportFormat.QCOW2, target);

        assertThat(Qcow2Header.backingFile(target)).isEmpty();
        assertThat(Disks.same(target, "qcow2", store.localPath(volume), "qcow2")).isTrue();
        assertThat(Disks.filesUnder(outside)).containsExactlyInAnyOrder(image, target);
        assertThat(Files.size(target)).isLessThan(2 * MEBIBYTE);
    }
}
