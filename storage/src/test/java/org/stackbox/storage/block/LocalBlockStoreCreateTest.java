package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

class LocalBlockStoreCreateTest {
    @TempDir
    Path root;

    @TempDir
    Path imageStore;

    private LocalBlockStore store;
    private Path rawImage;

    @BeforeEach
    void openStore() {
        store = new LocalBlockStore(root.resolve("store"), QemuImg.system());
        rawImage = Disks.raw(imageStore.resolve("image.raw"), 64 * MEBIBYTE, 3 * MEBIBYTE, Disks.pattern(100_000, 7));
    }

    @Test
    void blankVolumeHasItsSizeAndNoParent() {
        VolumeId volume = new VolumeId("blank");

        store.createBlank(volume, VolumeSize.ofGibibytes(20));

        VolumeInfo info = store.info(volume);
        assertThat(info.sizeBytes()).isEqualTo(20L << 30);
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.clusterSizeBytes()).isEqualTo(65536);
        assertThat(info.parent()).isEmpty();
        assertThat(info.chainLength()).isEqualTo(1);
        assertThat(info.snapshots()).isEmpty();
        assertThat(info.allocatedBytes()).isLessThan(MEBIBYTE);
        assertThat(store.exists(volume)).isTrue();
        assertThat(store.localPath(volume)).isRegularFile();
        Disks.assertHealthy(store.localPath(volume));
    }

    @Test
    void volumeFromRawImageReadsTheImageThroughItsBase() {
        VolumeId volume = new VolumeId("from-raw");

        store.createFromImage(volume, new ImageSource("image-1", ImageFormat.RAW, rawImage),
                VolumeSize.ofBytes(128 * MEBIBYTE));

        VolumeInfo info = store.info(volume);
        assertThat(info.sizeBytes()).isEqualTo(128 * MEBIBYTE);
        assertThat(info.parent()).contains(new VolumeParent(VolumeParent.Kind.IMAGE, "image-1", 64 * MEBIBYTE));
        assertThat(info.chainLength()).isEqualTo(2);
        assertThat(Disks.same(store.localPath(volume), "qcow2", rawImage, "raw")).isTrue();
        Disks.assertHealthy(store.localPath(volume));
    }

    @Test
    void volumeFromQcow2ImageReadsTheImageThroughAConvertedBase() {
        Path qcow2Image = Disks.qcow2Of(rawImage, imageStore.resolve("image.qcow2"));
        VolumeId volume = new VolumeId("from-qcow2");

        store.createFromImage(volume, new ImageSource("image-2", ImageFormat.QCOW2, qcow2Image),
                VolumeSize.ofBytes(64 * MEBIBYTE));

        VolumeInfo info = store.info(volume);
        assertThat(info.parent()).contains(new VolumeParent(VolumeParent.Kind.IMAGE, "image-2", 64 * MEBIBYTE));
        assertThat(Disks.same(store.localPath(volume), "qcow2", qcow2Image, "qcow2")).isTrue();
        assertThat(Disks.same(store.localPath(volume), "qcow2", rawImage, "raw")).isTrue();
        assertThat(root.resolve("store/images/image-2.qcow2")).isRegularFile();
    }

    @Test
    void secondVolumeOfAnImageReusesTheBase() throws IOException {
        Path qcow2Image = Disks.qcow2Of(rawImage, imageStore.resolve("image.qcow2"));
        ImageSource image = new ImageSource("image-3", ImageFormat.QCOW2, qcow2Image);
        store.createFromImage(new VolumeId("first"), image, VolumeSize.ofBytes(64 * MEBIBYTE));
        Path base = root.resolve("store/images/image-3.qcow2");
        Object baseIdentity = Files.readAttributes(base, "unix:ino").get("ino");
        var baseModified = Files.getLastModifiedTime(base);

        store.createFromImage(new VolumeId("second"), image, VolumeSize.ofBytes(64 * MEBIBYTE));

        assertThat(Files.readAttributes(base, "unix:ino").get("ino")).isEqualTo(baseIdentity);
        assertThat(Files.getLastModifiedTime(base)).isEqualTo(baseModified);
        assertThat(Disks.filesUnder(root.resolve("store/images"))).containsExactly(base);
        assertThat(Qcow2Header.backingFile(store.localPath(new VolumeId("first"))))
                .isEqualTo(Qcow2Header.backingFile(store.localPath(new VolumeId("second"))))
                .hasValue("../../images/image-3.qcow2");
        assertThat(Disks.same(store.localPath(new VolumeId("second")), "qcow2", rawImage, "raw")).isTrue();
    }

    @Test
    void rawImageBaseIsALinkNotACopy() throws IOException {
        store.createFromImage(new VolumeId("linked"), new ImageSource("image-4", ImageFormat.RAW, rawImage),
                VolumeSize.ofBytes(64 * MEBIBYTE));

        Path base = root.resolve("store/images/image-4.raw");
        assertThat(Files.isSameFile(base, rawImage)).isTrue();
        Files.delete(rawImage);
        assertThat(Disks.reads(store.localPath(new VolumeId("linked")), 0, 0, MEBIBYTE)).isTrue();
        Disks.assertHealthy(store.localPath(new VolumeId("linked")));
    }

    @Test
    void volumeFromAHugeImageCostsTheSameAsFromASmallOne() {
        Path hugeRaw = Disks.raw(imageStore.resolve("huge.raw"), 50L << 30, 10L << 30, Disks.pattern(65536, 3));
        Path hugeQcow2 = imageStore.resolve("huge.qcow2");
        Disks.run("qemu-img", "create", "-q", "-f", "qcow2", hugeQcow2.toString(), "50G");
        ImageSource raw = new ImageSource("huge-raw", ImageFormat.RAW, hugeRaw);
        ImageSource qcow2 = new ImageSource("huge-qcow2", ImageFormat.QCOW2, hugeQcow2);
        store.createFromImage(new VolumeId("warm-raw"), raw, VolumeSize.ofGibibytes(50));
        store.createFromImage(new VolumeId("warm-qcow2"), qcow2, VolumeSize.ofGibibytes(50));

        long started = System.nanoTime();
        store.createFromImage(new VolumeId("huge-raw-volume"), raw, VolumeSize.ofGibibytes(60));
        store.createFromImage(new VolumeId("huge-qcow2-volume"), qcow2, VolumeSize.ofGibibytes(60));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
        for (String name : new String[] {"huge-raw-volume", "huge-qcow2-volume"}) {
            VolumeInfo info = store.info(new VolumeId(name));
            assertThat(info.sizeBytes()).isEqualTo(60L << 30);
            assertThat(info.allocatedBytes()).isLessThan(MEBIBYTE);
            assertThat(info.parent().orElseThrow().overlapBytes()).isEqualTo(50L << 30);
            assertThat(Disks.allocatedBytes(store.localPath(new VolumeId(name)))).isLessThan(MEBIBYTE);
        }
        assertThat(Disks.same(store.localPath(new VolumeId("huge-raw-volume")), "qcow2", hugeRaw, "raw")).isTrue();
    }

    @Test
    void isoImageMakesAVolumeWithTheSameBytes() {
        ImageSource iso = new ImageSource("installer", ImageFormat.ISO, rawImage);

        store.createFromImage(new VolumeId("from-iso"), iso, VolumeSize.ofGibibytes(1));

        assertThat(Disks.same(store.localPath(new VolumeId("from-iso")), "qcow2", rawImage, "raw")).isTrue();
    }
}
