package org.stackbox.virt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The files behind a domain's sources, keyed by {@link DiskSource#name()}: what the storage layer resolved them to.
 */
public record DiskFiles(Map<String, DiskFile> bySourceName) {
    public DiskFiles {
        bySourceName = Map.copyOf(requireNonNull(bySourceName, "bySourceName is null"));
    }

    public static DiskFiles of(Map<DiskSource, DiskFile> files) {
        Map<String, DiskFile> byName = new LinkedHashMap<>();
        files.forEach((source, file) -> byName.put(source.name(), file));
        return new DiskFiles(byName);
    }

    public Optional<DiskFile> fileFor(DiskSource source) {
        return Optional.ofNullable(bySourceName.get(source.name()));
    }

    /** The file for a source that must have one; a missing file is a programming error of the caller. */
    public DiskFile requireFileFor(DiskSource source) {
        return fileFor(source).orElseThrow(() ->
                new IllegalArgumentException("No file for " + source.name()));
    }

    /** Checks that every device with a medium in {@code spec} has a file. */
    public void requireComplete(DomainSpec spec) {
        spec.disks().stream().filter(DiskDevice::hasMedium).forEach(disk -> requireFileFor(disk.source()));
    }

    public DiskFiles with(DiskSource source, DiskFile file) {
        Map<String, DiskFile> changed = new LinkedHashMap<>(bySourceName);
        changed.put(source.name(), file);
        return new DiskFiles(changed);
    }

    public DiskFiles without(DiskSource source) {
        Map<String, DiskFile> changed = new LinkedHashMap<>(bySourceName);
        changed.remove(source.name());
        return new DiskFiles(changed);
    }

    /** The source name whose file is at {@code path}, as the block device list prints it. */
    public Optional<String> sourceNameOf(java.nio.file.Path path) {
        return bySourceName.entrySet().stream()
                .filter(entry -> entry.getValue().path().equals(path))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
