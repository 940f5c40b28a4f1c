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
    /**
     * A copy of the console module's test boot sector (KeyEchoBootSector): clear the screen, print the marker on
     * COM1 and the screen's first row, then echo each key read with int 16h to COM1 and the screen. The marker
     * starts at byte 0x42.
     */
    private static final String KEY_ECHO_CODE = "fbfc0e1fe800005e83c63b89f3baf803ac84c07403eeebf8b800b88ec031ffb82007"
            + "b9d007f3ab31ff89deb407ac84c07403abebf8b400cd16baf803eeb40fabebf3";

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
        byte[] code = java.util.HexFormat.of().parseHex(KEY_ECHO_CODE);
        System.arraycopy(code, 0, disk, 0, code.length);
        byte[] message = (marker + "\r\n\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(message, 0, disk, code.length, message.length);
        disk[510] = 0x55;
        disk[511] = (byte) 0xAA;
        return Files.write(directory.resolve(name), disk);
    }
}
