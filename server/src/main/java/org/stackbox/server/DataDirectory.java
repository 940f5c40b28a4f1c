package org.stackbox.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The directory a Stackbox keeps its state in, held under an exclusive lock while it serves, so that a second
 * {@code serve} on the same directory refuses instead of sharing the database.
 */
final class DataDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static Path defaultLocation() {
        String dataHome = System.getenv("XDG_DATA_HOME");
        Path base = dataHome != null && !dataHome.isBlank() ? Path.of(dataHome)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("stackbox");
    }

    static DataDirectory open(Path root) throws IOException {
        Path directory = root.toAbsolutePath().normalize();
        boolean ours = !Files.exists(directory) || Files.exists(directory.resolve("stackbox.lock"));
        Files.createDirectories(directory);
        keepPrivate(directory, ours);
        FileChannel channel = FileChannel.open(directory.resolve("stackbox.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String holder = new String(Files.readAllBytes(directory.resolve("stackbox.lock")), StandardCharsets.UTF_8).strip();
            channel.close();
            throw new AlreadyServingException("Another Stackbox (pid %s) is already serving the data directory %s; stop it first or choose another --data-dir."
                    .formatted(holder.isEmpty() ? "unknown" : holder, directory));
        }
        channel.truncate(0);
        // The pid only names the holder in the refusal above; the lock itself is what keeps a second serve out.
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        return new DataDirectory(directory, channel, lock);
    }

    Path root() {
        return root;
    }

    /**
     * The data directory holds the database (password hashes, every project's records), volumes, config drives with
     * user data and serial logs: only its owner may enter it, whatever the files' own modes. A directory of Stackbox's
     * own (new, or an older Stackbox's) that others can reach is closed, and the start says so; a directory that was
     * there before Stackbox (a home, /tmp) is left as it is, with a warning.
     */
    private static void keepPrivate(Path directory, boolean ours) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        if (permissions.equals(OWNER_ONLY)) {
            return;
        }
        boolean open = permissions.stream().anyMatch(permission -> !OWNER_ONLY.contains(permission));
        if (!ours) {
            if (open) {
                LOG.warn("The data directory {} is {}: other users can read Stackbox's database and disks; "
                        + "choose a directory of Stackbox's own or chmod 700 it", directory,
                        PosixFilePermissions.toString(permissions));
            }
            return;
        }
        Files.setPosixFilePermissions(directory, OWNER_ONLY);
        if (open) {
            LOG.warn("The data directory {} was {}; it is now {}, readable by its owner only",
                    directory, PosixFilePermissions.toString(permissions), PosixFilePermissions.toString(OWNER_ONLY));
        }
    }

    Path databaseFile() {
        return root.resolve("stackbox.db");
    }

    /** Writes a file readable only by its owner, atomically (written aside, then renamed). */
    void writePrivate(String name, String content) {
        Path target = root.resolve(name);
        Path temporary = root.resolve(name + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (lockChannel.isOpen()) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class AlreadyServingException extends RuntimeException {
        AlreadyServingException(String message) {
            super(message);
        }
    }
}
