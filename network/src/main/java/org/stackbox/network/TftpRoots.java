package org.stackbox.network;

import org.stackbox.network.spi.NeutronException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The TFTP directories Stackbox keeps, one per subnet ({@code <data-dir>/tftp/<subnet-id>/}): what a server booting
 * from the network on that subnet may read, and nothing else. A port's boot file is a name inside its subnet's
 * directory: relative, without {@code .} or {@code ..} parts, and inside the directory once symbolic links are
 * followed, checked when the name is given and again each time a server boots with it (a link could be planted in
 * between). QEMU's own TFTP server also refuses {@code ..}; these checks are what make a name that leaves the root a
 * 400 rather than a boot that fails.
 */
public final class TftpRoots {
    private static final Pattern SUBNET_ID = Pattern.compile("[0-9a-f-]{36}");
    /** A plain relative path: no empty, {@code .} or {@code ..} part, nothing QEMU's option parser reads. */
    /** An {@code http://} URL that fits DHCP's file field and QEMU's option parser (no commas or spaces). */
    private static final Pattern HTTP_URL = Pattern.compile(
            "http://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9._~%!$&'()*+;=:@/?-]*)?");
    private static final Pattern SAFE_NAME = Pattern.compile("(?!.*(^|/)\\.{1,2}(/|$))[A-Za-z0-9._+~@=-]+(/[A-Za-z0-9._+~@=-]+)*");

    private final Path directory;

    public TftpRoots(Path directory) {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
    }

    /** The subnet's TFTP directory, made when it does not exist yet. */
    public Path of(String subnetId) {
        if (!SUBNET_ID.matcher(subnetId).matches()) {
            throw new IllegalArgumentException("Not a subnet id: " + subnetId);
        }
        Path root = directory.resolve(subnetId);
        try {
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses (400) a boot file name that is not a file name inside the subnet's directory. */
    public void requireInside(String subnetId, String bootFile) {
        requireSafeName(bootFile);
        if (resolved(subnetId, bootFile).isEmpty()) {
            throw NeutronException.invalidInput("the boot file '%s' leads out of the subnet's TFTP directory",
                    bootFile);
        }
    }

    /**
     * The boot file's directory and name for a guest, if the name stays inside the subnet's directory once links are
     * followed (a file that does not exist yet stays inside when the part of its path that exists does).
     */
    public Optional<Path> resolved(String subnetId, String bootFile) {
        if (!isSafeName(bootFile)) {
            return Optional.empty();
        }
        try {
            Path root = of(subnetId).toRealPath();
            Path existing = root.resolve(bootFile);
            while (!Files.exists(existing) && !existing.equals(root)) {
                if (Files.isSymbolicLink(existing)) {
                    return Optional.empty(); // a dangling link: where it leads is not known
                }
                existing = existing.getParent();
            }
            return existing.toRealPath().startsWith(root) ? Optional.of(root) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the boot file is a URL, which the guest's iPXE fetches itself (no TFTP directory involved). */
    public static boolean isUrl(String bootFile) {
        return bootFile.startsWith("http://");
    }

    /** Refuses (400) a name that is neither a plain relative path nor a well-formed {@code http://} URL. */
    static void requireSafeName(String bootFile) {
        if (isUrl(bootFile)) {
            if (bootFile.length() > 127 || !HTTP_URL.matcher(bootFile).matches()) {
                throw NeutronException.invalidInput("the boot file URL '%s' must be an http:// URL of at most 127 "
                        + "characters without spaces or commas", bootFile);
            }
            return;
        }
        if (!isSafeName(bootFile)) {
            throw NeutronException.invalidInput("the boot file '%s' must be a relative path inside the subnet's TFTP "
                    + "directory, without '.' or '..' parts", bootFile);
        }
    }

    static boolean isSafeName(String name) {
        return name != null && name.length() <= 255 && SAFE_NAME.matcher(name).matches();
    }
}
