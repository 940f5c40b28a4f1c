package org.stackbox.virt.qemu;

import java.nio.charset.StandardCharsets;

/**
 * A 512-byte x86 boot sector, assembled by hand, that prints a marker on the first serial port (COM1, port 0x3f8)
 * and on the VGA text screen, then halts or powers the machine off (ACPI PM1a control at port 0x604, where SeaBIOS
 * puts it on QEMU's {@code pc} machine). Position-independent, so it runs as loaded from a disk (0000:7C00) or from an
 * El Torito no-emulation CD (07C0:0000). Used to probe an accelerator and as the guest of tests.
 */
public final class MarkerBootSector {
    /** Where the message starts in the halting and in the powering-off variant. */
    private static final int HALTING_MESSAGE_OFFSET = 0x2E;
    private static final int POWERING_OFF_MESSAGE_OFFSET = 0x35;

    private MarkerBootSector() {}

    /** The sector: print {@code marker} and a line break, then halt (or power off). */
    public static byte[] printing(String marker, boolean powerOffAfterwards) {
        byte[] message = (marker + "\r\n\0").getBytes(StandardCharsets.US_ASCII);
        int messageOffset = powerOffAfterwards ? POWERING_OFF_MESSAGE_OFFSET : HALTING_MESSAGE_OFFSET;
        if (messageOffset + message.length > 510) {
            throw new IllegalArgumentException("Marker too long: " + marker);
        }
        byte[] sector = new byte[512];
        int position = put(sector, 0, bytes(
                0xFA,                   // cli
                0xFC,                   // cld
                0x0E, 0x1F,             // push cs; pop ds
                0xE8, 0x00, 0x00,       // call next (pushes the address of next)
                0x5E,                   // next: pop si
                0x83, 0xC6, messageOffset - 0x07, // add si, message - next
                0x89, 0xF3,             // mov bx, si
                0xBA, 0xF8, 0x03,       // mov dx, 0x3f8
                0xAC,                   // serial: lodsb
                0x84, 0xC0,             // test al, al
                0x74, 0x03,             // jz screen
                0xEE,                   // out dx, al
                0xEB, 0xF8,             // jmp serial
                0xB8, 0x00, 0xB8,       // screen: mov ax, 0xb800
                0x8E, 0xC0,             // mov es, ax
                0x31, 0xFF,             // xor di, di
                0x89, 0xDE,             // mov si, bx
                0xB4, 0x07,             // mov ah, 0x07 (grey on black)
                0xAC,                   // text: lodsb
                0x84, 0xC0,             // test al, al
                0x74, 0x03,             // jz done
                0xAB,                   // stosw
                0xEB, 0xF8));           // jmp text
        if (powerOffAfterwards) {
            position = put(sector, position, bytes(
                    0xBA, 0x04, 0x06,   // done: mov dx, 0x604
                    0xB8, 0x00, 0x20,   // mov ax, 0x2000 (SLP_EN, sleep type 0: soft off)
                    0xEF));             // out dx, ax
        }
        position = put(sector, position, bytes(
                0xF4,                   // halt: hlt
                0xEB, 0xFD));           // jmp halt
        if (position != messageOffset) {
            throw new IllegalStateException("Code length " + position + " does not match " + messageOffset);
        }
        System.arraycopy(message, 0, sector, messageOffset, message.length);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        return sector;
    }

    private static int put(byte[] target, int position, byte[] code) {
        System.arraycopy(code, 0, target, position, code.length);
        return position + code.length;
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int index = 0; index < values.length; index++) {
            result[index] = (byte) values[index];
        }
        return result;
    }
}
