package org.stackbox.storage.block;

import org.stackbox.storage.block.BlockStoreException.Code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A volume held open for writing (by qemu-io, which locks images as a running QEMU does) is not changed under it. */
class LocalBlockStoreInUseTest {
    @TempDir
    Path root;

    private Process holder;

    @AfterEach
    void release() throws InterruptedException {
        if (holder != null) {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void volumeInUseIsNotSwitchedResizedExportedOrDeleted() throws Exception {
        LocalBlockStore store = new LocalBlockStore(root, QemuImg.system());
        VolumeId volume = new VolumeId("attached");
        store.createBlank(volume, VolumeSize.ofBytes(16 * MEBIBYTE));
        holdOpen(store.localPath(volume));

        assertInUse(() -> store.delete(volume));
        assertInUse(() -> store.extend(volume, VolumeSize.ofBytes(32 * MEBIBYTE)));
        assertInUse(() -> store.createSnapshot(new SnapshotId("snapshot"), volume));
        assertInUse(() -> store.cloneVolume(new VolumeId("clone"), volume, VolumeSize.ofBytes(16 * MEBIBYTE)));
        assertInUse(() -> store.export(volume, ExportFormat.RAW, new ByteArrayOutputStream()));

        assertThat(store.info(volume).sizeBytes()).isEqualTo(16 * MEBIBYTE);
        assertThat(Disks.filesUnder(root)).containsExactly(store.localPath(volume));

        holder.getOutputStream().close();
        assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        store.delete(volume);
        assertThat(Disks.filesUnder(root)).isEmpty();
    }

    private void holdOpen(Path file) throws IOException, InterruptedException {
        holder = new ProcessBuilder("qemu-io", "-f", "qcow2", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Disks.exec("qemu-img", "info", "-f", "qcow2", file.toString()).exitCode() == 0) {
            assertThat(System.nanoTime()).as("qemu-io did not lock the volume").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void assertInUse(Executable call) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(BlockStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.IN_USE))
                .hasMessageContaining("in use");
    }
}
