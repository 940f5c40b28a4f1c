package org.stackbox.it;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Linux installer ISO for the end-to-end tests, built from Debian packages by the scripts in
 * {@code src/test/resources/installer-iso} and cached by content hash (see {@code installer-iso.sh}) in the cache of
 * {@link LinuxGuests}, whose {@code debs} it shares: an isolinux El Torito ISO with Debian's cloud
 * kernel whose installer partitions the first virtio disk, makes ext4 on it, installs a small system and extlinux,
 * says {@link #INSTALL_DONE}, waits up to 3 seconds for Enter on the VGA console's keyboard ({@link #POWER_OFF_PROMPT})
 * and powers off; the installed system says {@link #SYSTEM_BOOTED} when it boots and powers off when its power button
 * is pressed. The installer clears the VGA screen first, so its lines start at the screen's top; all of them also go
 * to the serial console.
 */
final class InstallerIso {
    /** The installer's first line on its consoles: once per run of the installer. */
    static final String INSTALLER_STARTED = "STACKBOX-INSTALLER: loading drivers";
    static final String INSTALL_DONE = "INSTALL-DONE";
    /** The installer's line after {@link #INSTALL_DONE}. */
    static final String POWER_OFF_PROMPT = "STACKBOX-INSTALLER: press Enter to power off (or wait 3 seconds)";
    /** On the serial console when Enter came, before the installer powers off. */
    static final String ENTER_PRESSED = "STACKBOX-INSTALLER: Enter pressed, powering off";
    static final String INSTALL_FAILED = "INSTALL-FAILED";
    static final String SYSTEM_BOOTED = "INSTALLED-SYSTEM-BOOTED";

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static Path built;

    private InstallerIso() {}

    /** The ISO, built on first use (downloading the packages once); later calls and runs reuse it. */
    static synchronized Path path() throws IOException, InterruptedException {
        if (built == null) {
            built = build(LinuxGuests.cacheDirectory());
        }
        return built;
    }

    /**
     * The same installer for a network boot, built with the ISO: {@code vmlinuz}, {@code install.img} and
     * {@code system.img}, a second initrd that brings the installed system along (there is no CD-ROM to copy it from).
     */
    static Path netbootFiles() throws IOException, InterruptedException {
        Path iso = path();
        Path files = iso.resolveSibling(iso.getFileName().toString().replaceFirst("\\.iso$", ".netboot"));
        if (!Files.isRegularFile(files.resolve("system.img"))) {
            throw new IllegalStateException("the installer build left no netboot files in " + files);
        }
        return files;
    }

    private static Path build(Path cache) throws IOException, InterruptedException {
        Path script = scripts().resolve("installer-iso.sh");
        Process process = new ProcessBuilder("sh", script.toString(), cache.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().close();
        if (!process.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("building the installer ISO took more than " + BUILD_TIMEOUT);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0 || output.isEmpty()) {
            throw new IllegalStateException("building the installer ISO failed (exit " + process.exitValue() + ")");
        }
        Path iso = Path.of(output.lines().reduce((first, second) -> second).orElseThrow());
        if (!Files.isRegularFile(iso)) {
            throw new IllegalStateException("the installer ISO build printed " + iso + ", which is no file");
        }
        return iso;
    }

    private static Path scripts() {
        try {
            return Path.of(InstallerIso.class.getResource("/installer-iso/installer-iso.sh").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
