package org.stackbox.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stackbox.storage.block.Disks.MEBIBYTE;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A graph with every kind of dependency, taken apart in many orders: image base <- volume V; V's snapshot S;
 * volume W from S; volume C cloned from V. Whatever goes first, the survivors stay intact, and at the end no file
 * is left.
 */
class LocalBlockStoreDeletionTest {
    private static final VolumeSize SIZE = VolumeSize.ofBytes(8 * MEBIBYTE);
    private static final long IMAGE_DATA = 4 * MEBIBYTE;

    @TempDir
    Path root;

    @TempDir
    Path imageStore;

    private LocalBlockStore store;
    /** Each surviving volume and the pattern it reads at offset 0. */
    private final Map<VolumeId, Integer> survivors = new LinkedHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {
            "V S W C image",
            "image V S W C",
            "S image restart V C W",
            "C W S V image",
            "V restart W C image S",
            "S W image C V",
            "W V C S image"})
    void anyOrderKeepsSurvivorsIntactAndEndsWithNoFiles(String order) throws IOException {
        buildGraph();
        assertThat(store.preparedImages()).containsExactly("image");

        for (String step : order.split(" ")) {
            apply(step);
            for (Map.Entry<VolumeId, Integer> survivor : survivors.entrySet()) {
                Path file = store.localPath(survivor.getKey());
                Disks.assertHealthy(file);
                assertThat(Disks.reads(file, survivor.getValue(), 0, MEBIBYTE)).as("%s after %s", survivor, step)
                        .isTrue();
                assertThat(Disks.reads(file, 0x5a, IMAGE_DATA, MEBIBYTE)).as("%s after %s", survivor, step).isTrue();
            }
        }

        assertThat(Disks.filesUnder(root)).isEmpty();
        assertThat(root.resolve("volumes")).isEmptyDirectory();
    }

    private void buildGraph() throws IOException {
        store = new LocalBlockStore(root, QemuImg.system());
        Path image = imageStore.resolve("image.raw");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(8 * MEBIBYTE);
            byte[] data = new byte[(int) MEBIBYTE];
            Arrays.fill(data, (byte) 0x5a);
            file.seek(IMAGE_DATA);
            file.write(data);
        }
        VolumeId v = new VolumeId("V");
        store.createFromImage(v, new ImageSource("image", ImageFormat.RAW, image), SIZE);
        Disks.writePattern(store.localPath(v), 0x11, 0, MEBIBYTE);
        store.createSnapshot(new SnapshotId("S"), v);
        Disks.writePattern(store.localPath(v), 0x22, 0, MEBIBYTE);
        store.createFromSnapshot(new VolumeId("W"), new SnapshotId("S"), SIZE);
        store.cloneVolume(new VolumeId("C"), v, SIZE);
        Disks.writePattern(store.localPath(v), 0x33, 0, MEBIBYTE);
        Files.delete(image);
        survivors.put(v, 0x33);
        survivors.put(new VolumeId("W"), 0x11);
        survivors.put(new VolumeId("C"), 0x22);
    }

    private void apply(String step) {
        switch (step) {
            case "S" -> store.deleteSnapshot(new SnapshotId("S"));
            case "image" -> {
                store.releaseImage("image");
                assertThat(store.preparedImages()).as("released, although volumes may still need it").isEmpty();
            }
            case "restart" -> store = new LocalBlockStore(root, QemuImg.system());
            default -> {
                VolumeId volume = new VolumeId(step);
                store.delete(volume);
                survivors.remove(volume);
                assertThat(store.exists(volume)).isFalse();
            }
        }
    }
}
