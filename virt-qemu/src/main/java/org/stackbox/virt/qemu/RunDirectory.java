package org.stackbox.virt.qemu;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A domain's own directory, {@code <root>/<server-id>/}: its definition, QEMU's pid file and log, the QMP, VNC,
 * serial, metadata and state sockets, the serial log and a suspended guest's saved state. Unix socket paths are limited to 107 bytes, which bounds the
 * root's length.
 */
public record RunDirectory(Path path) {
    /** The longest socket path the kernel accepts (108 bytes with the terminating zero). */
    private static final int MAXIMUM_SOCKET_PATH = 107;

    public RunDirectory {
        requireNonNull(path, "path is null");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("A run directory must be absolute: " + path);
        }
        if (path.toString().contains(",")) {
            throw new IllegalArgumentException("QEMU options cannot carry a path with a comma: " + path);
        }
        if (path.resolve("serial.sock").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAXIMUM_SOCKET_PATH) {
            throw new IllegalArgumentException("Path too long for Unix sockets: " + path);
        }
    }

    public static RunDirectory of(Path root, String serverId) {
        return new RunDirectory(root.resolve(serverId));
    }

    /** The domain's definition (spec and disk files) as JSON, kept so that it can be started again. */
    public Path definition() { return path.resolve("domain.json"); }

    public Path qmpSocket() { return path.resolve("qmp.sock"); }

    public Path vncSocket() { return path.resolve("vnc.sock"); }

    public Path serialSocket() { return path.resolve("serial.sock"); }

    public Path serialLog() { return path.resolve("serial.log"); }

    public Path pidFile() { return path.resolve("qemu.pid"); }

    /** The QEMU guest agent's channel, when the guest has one: QEMU listens, Stackbox connects per call. */
    public Path guestAgentSocket() { return path.resolve("agent.sock"); }

    /** Where the guest's metadata connections arrive; Stackbox listens on it, QEMU connects per connection. */
    public Path metadataSocket() { return path.resolve("meta.sock"); }

    /**
     * The guest's saved state (memory and devices) while the domain is suspended to disk; only a complete one has
     * this name.
     */
    public Path savedState() { return path.resolve("saved.state"); }

    /** The saved state while it is being written. */
    public Path partialSavedState() { return path.resolve("saved.state.partial"); }

    /** Where the guest's state passes between QEMU and Stackbox while it is saved or restored. */
    public Path stateSocket() { return path.resolve("state.sock"); }

    /** QEMU's own messages (standard output and error). */
    public Path qemuLog() { return path.resolve("qemu.log"); }
}
