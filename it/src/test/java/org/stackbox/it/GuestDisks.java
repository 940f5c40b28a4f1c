package org.stackbox.it;

import org.stackbox.virt.qemu.MarkerBootSector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test guests: 1 MiB raw disks whose boot sector prints a marker on the serial port. Under TCG they reach the marker
 * in about a second, so the end-to-end tests can see that the guest really ran.
 */
final class GuestDisks {
    private GuestDisks() {}

    /** A guest that halts after printing the marker. */
    static Path markerDisk(Path directory, String name, String marker) throws IOException {
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.printing(marker, false), 0, disk, 0, 512);
        return Files.write(directory.resolve(name), disk);
    }

    /**
     * A guest for consoles: the marker on the serial port and, grey, on the screen's first row; then each key typed
     * is echoed to the serial port and, bright white, on the screen after the marker (from cell marker length + 2).
     */
    static Path keyEchoDisk(Path directory, String name, String marker) throws IOException {
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.echoingKeys(marker), 0, disk, 0, 512);
        return Files.write(directory.resolve(name), disk);
    }
}
