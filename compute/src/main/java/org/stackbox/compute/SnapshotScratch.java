package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The scratch directory of server snapshots: a snapshot under way is marked by {@code SERVER.IMAGE.snapshot}, made as
 * soon as its image is reserved and removed when it is over, and the copy of its root disk on the way to the image
 * service is {@code SERVER.IMAGE.qcow2} (the image service takes that file itself, so the copy may be gone while the
 * snapshot is not over). What a start finds there belongs to snapshots that a restart interrupted: their images are
 * removed and the files deleted.
 */
final class SnapshotScratch {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotScratch.class);
    private static final String COPY = ".qcow2";
    private static final String MARKER = ".snapshot";

    /** A snapshot under way: the server and the image reserved for it. */
    record Snapshot(String serverId, String imageId) {
        Snapshot {
            requireNonNull(serverId, "serverId is null");
            requireNonNull(imageId, "imageId is null");
        }
    }

    private final Path directory;

    SnapshotScratch(Path directory) {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
    }

    /** Records the snapshot before its copy starts; answers where the copy goes. */
    Path begin(Snapshot snapshot) {
        try {
            Files.createDirectories(directory);
            Path marker = file(snapshot, MARKER);
            Files.deleteIfExists(marker);
            Files.createFile(marker);
            Path copy = file(snapshot, COPY);
            Files.deleteIfExists(copy);
            return Files.createFile(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the snapshot of server " + snapshot.serverId(), e);
        }
    }

    /** The snapshot is over, whatever its outcome: its copy goes, then its marker. */
    void end(Snapshot snapshot) {
        try {
            Files.deleteIfExists(file(snapshot, COPY));
            Files.deleteIfExists(file(snapshot, MARKER));
        } catch (IOException e) {
            LOG.warn("Could not remove the copy of snapshot {}", snapshot, e);
        }
    }

    /** The snapshots whose files (a marker, a copy or both) a start found: none of them runs any more. */
    List<Snapshot> givenUp() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        Set<Snapshot> snapshots = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                for (String suffix : List.of(MARKER, COPY)) {
                    String[] ids = name.substring(0, Math.max(0, name.length() - suffix.length())).split("\\.");
                    if (name.endsWith(suffix) && ids.length == 2) {
                        snapshots.add(new Snapshot(ids[0], ids[1]));
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the snapshot scratch directory {}", directory, e);
        }
        return List.copyOf(snapshots);
    }

    /** Where the snapshot's copy goes. */
    Path copyOf(Snapshot snapshot) {
        return file(snapshot, COPY);
    }

    private Path file(Snapshot snapshot, String suffix) {
        return directory.resolve(snapshot.serverId() + "." + snapshot.imageId() + suffix);
    }
}
