package org.stackbox.compute;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot under way stays known to the next start even once the image service has taken its copy: the copy is
 * moved into the image store as the upload begins, and a restart then must still find the snapshot to discard its
 * image.
 */
class SnapshotScratchTest {
    @TempDir
    Path directory;

    @Test
    void aSnapshotWhoseCopyTheImageServiceTookIsStillFoundByTheNextStart() throws Exception {
        SnapshotScratch scratch = new SnapshotScratch(directory.resolve("scratch"));
        SnapshotScratch.Snapshot snapshot = new SnapshotScratch.Snapshot("server-1", "image-1");
        Path copy = scratch.begin(snapshot);
        assertThat(copy).exists();
        Files.move(copy, directory.resolve("taken.qcow2"));

        assertThat(new SnapshotScratch(directory.resolve("scratch")).givenUp()).containsExactly(snapshot);

        scratch.end(snapshot);
        assertThat(scratch.givenUp()).isEmpty();
        try (var left = Files.list(directory.resolve("scratch"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aCopyLeftWithoutItsMarkerCountsAsASnapshotGivenUp() throws Exception {
        Path scratchDirectory = Files.createDirectories(directory.resolve("scratch"));
        Files.createFile(scratchDirectory.resolve("server-2.image-2.qcow2"));
        SnapshotScratch scratch = new SnapshotScratch(scratchDirectory);
        assertThat(scratch.givenUp()).containsExactly(new SnapshotScratch.Snapshot("server-2", "image-2"));
        scratch.end(new SnapshotScratch.Snapshot("server-2", "image-2"));
        assertThat(scratch.givenUp()).isEmpty();
    }
}
