package org.stackbox.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a Stackbox data directory holds beyond its records: partial files of writes under way, exports of uploads to
 * images, server directories, and the processes working on it (qemu-img conversions, each server's QEMU).
 */
final class StrayFiles {
    private final Path data;

    StrayFiles(Path data) {
        this.data = data.toAbsolutePath().normalize();
    }

    /** Image uploads under way (or left by a crash): the store's partial files. */
    long partialImages() throws IOException {
        return count(data.resolve("images").resolve(".incoming"));
    }

    /** Files of writes that were never finished, anywhere in the data directory. */
    List<Path> partialFiles() throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                String name = file.getFileName().toString();
                return name.contains(".tmp-") || name.endsWith(".part") || name.endsWith(".partial")
                        || file.getParent().getFileName().toString().equals("exports");
            }).toList();
        }
    }

    /**
     * Whether a write is under way (a partial file exists): cheap enough to ask every few milliseconds, and false
     * rather than a failure when a file goes while the directory is read.
     */
    boolean writeUnderWay() {
        try {
            return !partialFiles().isEmpty();
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The exports of uploads to images in the volume scratch directory. */
    long scratchExports() throws IOException {
        return count(data.resolve("volumes-scratch"));
    }

    /** The {@code qemu-img} processes reading or writing under the data directory. */
    List<ProcessHandle> conversions() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().filter(command -> command.endsWith("/qemu-img")).isPresent())
                .filter(process -> process.info().commandLine().orElse("").contains(data.toString()))
                .toList();
    }

    /** The servers whose QEMU runs, by the server directory on each QEMU's command line under this data directory. */
    Set<String> serversWithQemu() {
        Path servers = data.resolve("servers");
        Set<String> ids = new HashSet<>();
        ProcessHandle.allProcesses()
                .filter(process -> process.info().command().filter(command -> command.contains("qemu-system")).isPresent())
                .map(process -> process.info().commandLine().orElse(""))
                .forEach(commandLine -> {
                    int at = commandLine.indexOf(servers + "/");
                    if (at >= 0) {
                        String rest = commandLine.substring(at + servers.toString().length() + 1);
                        ids.add(rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/')));
                    }
                });
        return ids;
    }

    /** The QEMU of a server, when one runs (found by the pid file it was started with). */
    Optional<ProcessHandle> qemuOf(String serverId) {
        Path pidFile = data.resolve("servers").resolve(serverId).resolve("qemu.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().commandLine().orElse("").contains(pidFile.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the server directories. */
    List<String> serverDirectories() throws IOException {
        Path servers = data.resolve("servers");
        if (!Files.isDirectory(servers)) {
            return List.of();
        }
        try (Stream<Path> directories = Files.list(servers)) {
            return directories.map(directory -> directory.getFileName().toString()).toList();
        }
    }

    private static long count(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}
