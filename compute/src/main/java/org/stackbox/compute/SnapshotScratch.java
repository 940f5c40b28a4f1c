package org.stackbox.compute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The scratch directory of server snapshots: the copy of a root disk on its way to the image service is
 * {@code SERVER.IMAGE.qcow2}, made (empty) as soon as the image is reserved. What a start finds there belongs to
 * snapshots that a restart interrupted: their images are removed and the files deleted.
 */
final class SnapshotScratch {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotScratch.class);
    private static final String SUFFIX = ".qcow2";

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
            Path file = file(snapshot);
            Files.deleteIfExists(file);
            return Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the snapshot of server " + snapshot.serverId(), e);
        }
    }

    /** The snapshot is over, whatever its outcome: its copy goes. */
    void end(Snapshot snapshot) {
        try {
            Files.deleteIfExists(file(snapshot));
        } catch (IOException e) {
            LOG.warn("Could not remove the copy of snapshot {}", snapshot, e);
        }
    }

    /** The snapshots whose files a start found: none of them runs any more. */
    List<Snapshot> givenUp() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Snapshot> snapshots = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                String[] ids = name.substring(0, Math.max(0, name.length() - SUFFIX.length())).split("\\.");
                if (name.endsWith(SUFFIX) && ids.length == 2) {
                    snapshots.add(new Snapshot(ids[0], ids[1]));
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the snapshot scratch directory {}", directory, e);
        }
        return snapshots;
    }

    /** Where the snapshot's copy goes. */
    Path copyOf(Snapshot snapshot) {
        return file(snapshot);
    }

    private Path file(Snapshot snapshot) {
        return directory.resolve(snapshot.serverId() + "." + snapshot.imageId() + SUFFIX);
    }
}
