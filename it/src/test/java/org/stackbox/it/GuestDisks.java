package org.stackbox.it;

import org.stackbox.virt.qemu.MarkerBootSector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test guests for compute: a 1 MiB raw disk whose boot sector prints a marker on the serial port and halts. Under
 * TCG it reaches the marker in about a second, so the end-to-end tests can see that the guest really ran.
 */
final class GuestDisks {
    private GuestDisks() {}

    static Path markerDisk(Path directory, String name, String marker) throws IOException {
        byte[] disk = new byte[1024 * 1024];
        System.arraycopy(MarkerBootSector.printing(marker, false), 0, disk, 0, 512);
        return Files.write(directory.resolve(name), disk);
    }
}
