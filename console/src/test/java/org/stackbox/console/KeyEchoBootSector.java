package org.stackbox.console;

import java.nio.charset.StandardCharsets;

/**
 * A 512-byte x86 boot sector, assembled by hand, for console tests: it clears the VGA text screen, prints a marker
 * on the serial port (COM1) and on the screen's first row (grey on black), then reads keys from the BIOS keyboard
 * (int 16h) forever, echoing each character to the serial port and, bright white, after the marker on the screen.
 * Position-independent like virt-qemu's MarkerBootSector.
 */
final class KeyEchoBootSector {
    private static final int MESSAGE_OFFSET = 0x42;

    private KeyEchoBootSector() {}

    static byte[] echoing(String marker) {
        byte[] message = (marker + "\r\n\0").getBytes(StandardCharsets.US_ASCII);
        byte[] code = bytes(
                0xFB,                   // sti (int 16h waits for keyboard interrupts)
                0xFC,                   // cld
                0x0E, 0x1F,             // push cs; pop ds
                0xE8, 0x00, 0x00,       // call next
                0x5E,                   // next: pop si
                0x83, 0xC6, MESSAGE_OFFSET - 0x07, // add si, message - next
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
                0xB8, 0x20, 0x07,       // mov ax, 0x0720 (grey blank)
                0xB9, 0xD0, 0x07,       // mov cx, 2000 (80 x 25 cells)
                0xF3, 0xAB,             // rep stosw
                0x31, 0xFF,             // xor di, di
                0x89, 0xDE,             // mov si, bx
                0xB4, 0x07,             // mov ah, 0x07 (grey on black)
                0xAC,                   // text: lodsb
                0x84, 0xC0,             // test al, al
                0x74, 0x03,             // jz keys
                0xAB,                   // stosw
                0xEB, 0xF8,             // jmp text
                0xB4, 0x00,             // keys: mov ah, 0
                0xCD, 0x16,             // int 16h (al = the character)
                0xBA, 0xF8, 0x03,       // mov dx, 0x3f8
                0xEE,                   // out dx, al
                0xB4, 0x0F,             // mov ah, 0x0f (bright white on black)
                0xAB,                   // stosw
                0xEB, 0xF3);            // jmp keys
        if (code.length != MESSAGE_OFFSET || MESSAGE_OFFSET + message.length > 510) {
            throw new IllegalStateException("Code length " + code.length + " does not match " + MESSAGE_OFFSET);
        }
        byte[] sector = new byte[512];
        System.arraycopy(code, 0, sector, 0, code.length);
        System.arraycopy(message, 0, sector, MESSAGE_OFFSET, message.length);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        return sector;
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int index = 0; index < values.length; index++) {
            result[index] = (byte) values[index];
        }
        return result;
    }
}
