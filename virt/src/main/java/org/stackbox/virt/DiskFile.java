package org.stackbox.virt;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** Where a {@link DiskSource} lives on this host, and its format. */
public record DiskFile(Path path, FileFormat format) {
    public DiskFile {
        requireNonNull(path, "path is null");
        requireNonNull(format, "format is null");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("A disk file path must be absolute: " + path);
        }
    }
}
