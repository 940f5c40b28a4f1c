package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

class Qcow2HeaderTest {
    @TempDir
    Path directory;

    @Test
    void readsTheBackingFileNameAsStored() throws IOException {
        Path base = Disks.raw(directory.resolve("base.raw"), 1 << 20, 0, Disks.pattern(512, 1));
        Path overlay = directory.resolve("overlay.qcow2");
        Disks.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", "base.raw",
                overlay.toString(), "2M");

        assertThat(Qcow2Header.backingFile(overlay)).contains("base.raw");
        assertThat(Qcow2Header.backingFile(directory.resolve("overlay.qcow2"))).hasValue("base.raw");
    }

    @Test
    void fileWithoutBackingHasNone() throws IOException {
        Path file = directory.resolve("plain.qcow2");
        Disks.run("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "1M");

        assertThat(Qcow2Header.backingFile(file)).isEmpty();
    }

    @Test
    void rawFileIsRefused() {
        Path raw = Disks.raw(directory.resolve("disk.raw"), 1 << 20, 0, Disks.pattern(512, 1));

        assertThatThrownBy(() -> Qcow2Header.backingFile(raw)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a qcow2 file");
    }
}
