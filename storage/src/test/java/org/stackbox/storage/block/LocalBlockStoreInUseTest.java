package org.stackbox.storage.block;

import org.stackbox.storage.block.BlockStoreException.Code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    @Timeout(60)
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

    /**
     * Starts qemu-io on the file and waits until it answers a command: it has the image open, and locked, by then.
     * Polling the lock with qemu-img instead races with qemu-io's own open, which then fails to take its lock.
     */
    private void holdOpen(Path file) throws IOException {
        holder = new ProcessBuilder("qemu-io", "-f", "qcow2", file.toString())
                .redirectErrorStream(true)
                .start();
        holder.getOutputStream().write("length\n".getBytes(StandardCharsets.US_ASCII));
        holder.getOutputStream().flush();
        StringBuilder answer = new StringBuilder();
        InputStream output = holder.getInputStream();
        for (int c; !answer.toString().contains("MiB") && (c = output.read()) != -1; ) {
            answer.append((char) c);
        }
        assertThat(answer.toString()).as("qemu-io opened the volume").contains("16 MiB");
    }

    private static void assertInUse(Executable call) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(BlockStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.IN_USE))
                .hasMessageContaining("in use");
    }
}
