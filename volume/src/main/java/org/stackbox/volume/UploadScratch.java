package org.stackbox.volume;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.volume.model.VolumeStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The scratch directory of uploads to images: each upload under way has a marker, {@code VOLUME.IMAGE.upload},
 * holding the status its volume returns to, beside its export on the way to the image service. What a start finds
 * there belongs to uploads that a restart gave up: their reserved images and their volumes' statuses are settled
 * from the markers, then the directory is emptied.
 */
final class UploadScratch {
    private static final Logger LOG = LoggerFactory.getLogger(UploadScratch.class);
    private static final String MARKER = ".upload";

    /** An upload under way: the volume, the image reserved for it, and the volume's status before it. */
    record Upload(String volumeId, String imageId, VolumeStatus settled) {
        Upload {
            requireNonNull(volumeId, "volumeId is null");
            requireNonNull(imageId, "imageId is null");
            requireNonNull(settled, "settled is null");
        }
    }

    private final Path directory;

    UploadScratch(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Records the upload before it starts; answers where its export goes. */
    Path begin(Upload upload, String diskFormat) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(marker(upload), upload.settled().wireName(), StandardCharsets.UTF_8);
        return directory.resolve(upload.volumeId() + "-" + upload.imageId() + "." + diskFormat);
    }

    /** The upload is over, whatever its outcome: its export and its marker go. */
    void end(Upload upload, Path export) {
        deleteQuietly(export);
        deleteQuietly(marker(upload));
    }

    /** The uploads whose markers a restart found: none of them runs any more. */
    List<Upload> givenUp() {
        List<Upload> uploads = new ArrayList<>();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            String[] ids = name.substring(0, Math.max(0, name.length() - MARKER.length())).split("\\.");
            if (!name.endsWith(MARKER) || ids.length != 2) {
                continue;
            }
            try {
                VolumeStatus settled = VolumeStatus.fromWireName(Files.readString(file, StandardCharsets.UTF_8).strip());
                uploads.add(new Upload(ids[0], ids[1], settled));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Cannot read the upload marker {}: {}", file, e.toString());
            }
        }
        return uploads;
    }

    /** Removes everything: markers and exports of uploads that no longer run. */
    void clear() {
        files().forEach(UploadScratch::deleteQuietly);
    }

    private Path marker(Upload upload) {
        return directory.resolve(upload.volumeId() + "." + upload.imageId() + MARKER);
    }

    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        } catch (IOException e) {
            LOG.warn("Cannot list the scratch directory {}", directory, e);
            return List.of();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}", file, e);
        }
    }
}
