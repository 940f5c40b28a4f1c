package org.stackbox.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbox.storage.block.ImageFormat;
import org.stackbox.storage.block.ImageSource;
import org.stackbox.storage.block.LocalBlockStore;
import org.stackbox.storage.block.QemuImg;
import org.stackbox.storage.block.VolumeId;
import org.stackbox.storage.block.VolumeSize;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Copies prepared from images are freed once their image is gone and no volume or disk needs them: real qemu-img. */
class ImageCopiesTest {
    private static final VolumeSize SIZE = VolumeSize.ofBytes(4 * 1024 * 1024);

    @TempDir
    Path root;

    private Path imageFile;
    private LocalBlockStore volumes;
    private LocalBlockStore instances;

    @BeforeEach
    void stores() throws IOException {
        imageFile = root.resolve("image.raw");
        try (RandomAccessFile file = new RandomAccessFile(imageFile.toFile(), "rw")) {
            file.setLength(SIZE.bytes());
        }
        volumes = new LocalBlockStore(root.resolve("volumes"), QemuImg.system());
        instances = new LocalBlockStore(root.resolve("instances"), QemuImg.system());
    }

    @Test
    void aDeletedImagesCopiesGoWithTheLastVolumeOrDiskThatNeedsThem() throws IOException {
        ImageCopies copies = new ImageCopies(List.of(volumes, instances), imageId -> false);
        volumes.createFromImage(new VolumeId("volume"), image("ubuntu"), SIZE);
        instances.createFromImage(new VolumeId("root-disk"), image("ubuntu"), SIZE);

        copies.accept("ubuntu");
        assertThat(bases("volumes")).as("the volume still reads its base").hasSize(1);
        assertThat(bases("instances")).as("the root disk still reads its base").hasSize(1);

        volumes.delete(new VolumeId("volume"));
        instances.delete(new VolumeId("root-disk"));
        assertThat(bases("volumes")).isEmpty();
        assertThat(bases("instances")).isEmpty();
    }

    @Test
    void aStartReleasesTheCopiesOfImagesDeletedWhileItWasNotThere() throws IOException {
        volumes.createFromImage(new VolumeId("of-kept"), image("kept"), SIZE);
        volumes.createFromImage(new VolumeId("of-gone"), image("gone"), SIZE);
        volumes.delete(new VolumeId("of-kept"));
        volumes.delete(new VolumeId("of-gone"));
        assertThat(volumes.preparedImages()).containsExactly("gone", "kept");

        LocalBlockStore restarted = new LocalBlockStore(root.resolve("volumes"), QemuImg.system());
        ImageCopies copies = new ImageCopies(List.of(restarted, instances), Set.of("kept")::contains);
        assertThat(copies.releaseOrphans()).isEqualTo(1);

        assertThat(restarted.preparedImages()).containsExactly("kept");
        assertThat(bases("volumes")).extracting(path -> path.getFileName().toString()).allMatch(name -> name.startsWith("kept"));
        assertThat(copies.releaseOrphans()).as("nothing left to release").isZero();
    }

    private ImageSource image(String id) {
        return new ImageSource(id, ImageFormat.RAW, imageFile);
    }

    /** The prepared copies in a store, without their release markers. */
    private List<Path> bases(String store) throws IOException {
        Path images = root.resolve(store).resolve("images");
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(images)) {
            return files.filter(file -> file.toString().endsWith(".raw") || file.toString().endsWith(".qcow2")).toList();
        }
    }
}
