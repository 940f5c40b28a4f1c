package org.stackbox.virt.qemu;

import java.nio.charset.StandardCharsets;

/**
 * A 512-byte x86 boot sector, assembled by hand, that prints a marker on the first serial port (COM1, port 0x3f8)
 * and on the VGA text screen's first row, then halts, powers the machine off (ACPI PM1a control at port 0x604, where
 * SeaBIOS puts it on QEMU's {@code pc} machine) or echoes the keys typed. Position-independent, so it runs as loaded
 * from a disk (0000:7C00) or from an El Torito no-emulation CD (07C0:0000); the marker follows the code. Used to
 * probe an accelerator and as the guest of tests.
 */
public final class MarkerBootSector {
    private static final int CLI = 0xFA;
    private static final int STI = 0xFB;
    /** From the {@code call} to the {@code pop si} that follows it: {@code si} holds the address of byte 7. */
    private static final int CALL_RETURN_OFFSET = 0x07;
    /** Copies the message at si to COM1, keeping its address in bx, then points es:di at the screen's first cell. */
    private static final byte[] TO_SERIAL = bytes(
            0x89, 0xF3,                 // mov bx, si
            0xBA, 0xF8, 0x03,           // mov dx, 0x3f8
            0xAC,                       // serial: lodsb
            0x84, 0xC0,                 // test al, al
            0x74, 0x03,                 // jz screen
            0xEE,                       // out dx, al
            0xEB, 0xF8,                 // jmp serial
            0xB8, 0x00, 0xB8,           // screen: mov ax, 0xb800
            0x8E, 0xC0,                 // mov es, ax
            0x31, 0xFF);                // xor di, di
    private static final byte[] CLEAR_SCREEN = bytes(
            0xB8, 0x20, 0x07,           // mov ax, 0x0720 (grey blank)
            0xB9, 0xD0, 0x07,           // mov cx, 2000 (80 x 25 cells)
            0xF3, 0xAB,                 // rep stosw
            0x31, 0xFF);                // xor di, di
    private static final byte[] FIRST_ROW = bytes(
            0x89, 0xDE,                 // mov si, bx
            0xB4, 0x07,                 // mov ah, 0x07 (grey on black)
            0xAC,                       // text: lodsb
            0x84, 0xC0,                 // test al, al
            0x74, 0x03,                 // jz done
            0xAB,                       // stosw
            0xEB, 0xF8);                // jmp text
    private static final byte[] HALT = bytes(
            0xF4,                       // halt: hlt
            0xEB, 0xFD);                // jmp halt
    private static final byte[] POWER_OFF = bytes(
            0xBA, 0x04, 0x06,           // done: mov dx, 0x604
            0xB8, 0x00, 0x20,           // mov ax, 0x2000 (SLP_EN, sleep type 0: soft off)
            0xEF,                       // out dx, ax
            0xF4,                       // halt: hlt
            0xEB, 0xFD);                // jmp halt
    private static final byte[] ECHO_KEYS = bytes(
            0xB4, 0x00,                 // keys: mov ah, 0
            0xCD, 0x16,                 // int 16h (al = the character)
            0xBA, 0xF8, 0x03,           // mov dx, 0x3f8
            0xEE,                       // out dx, al
            0xB4, 0x0F,                 // mov ah, 0x0f (bright white on black)
            0xAB,                       // stosw
            0xEB, 0xF3);                // jmp keys

    private MarkerBootSector() {}

    /** The sector: print {@code marker} and a line break, then halt (or power off). */
    public static byte[] printing(String marker, boolean powerOffAfterwards) {
        return sector(marker, CLI, FIRST_ROW, powerOffAfterwards ? POWER_OFF : HALT);
    }

    /**
     * The sector for consoles: clear the screen, print {@code marker} and a line break, then read keys from the BIOS
     * keyboard (int 16h) forever, echoing each character to the serial port and, bright white, after the marker on
     * the screen (from cell marker length + 2).
     */
    public static byte[] echoingKeys(String marker) {
        return sector(marker, STI, concat(CLEAR_SCREEN, FIRST_ROW), ECHO_KEYS);
    }

    /** {@code interrupts} is cli or sti: int 16h waits for keyboard interrupts, a halted guest needs none. */
    private static byte[] sector(String marker, int interrupts, byte[] screen, byte[] afterwards) {
        byte[] message = (marker + "\r\n\0").getBytes(StandardCharsets.US_ASCII);
        byte[] prologue = bytes(
                interrupts,             // cli or sti
                0xFC,                   // cld
                0x0E, 0x1F,             // push cs; pop ds
                0xE8, 0x00, 0x00,       // call next (pushes the address of next)
                0x5E,                   // next: pop si
                0x83, 0xC6, 0x00);      // add si, message - next
        int messageOffset = prologue.length + TO_SERIAL.length + screen.length + afterwards.length;
        prologue[prologue.length - 1] = (byte) (messageOffset - CALL_RETURN_OFFSET);
        if (messageOffset + message.length > 510) {
            throw new IllegalArgumentException("Marker too long: " + marker);
        }
        byte[] sector = new byte[512];
        int position = put(sector, 0, prologue);
        position = put(sector, position, TO_SERIAL);
        position = put(sector, position, screen);
        position = put(sector, position, afterwards);
        put(sector, position, message);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        return sector;
    }

    private static int put(byte[] target, int position, byte[] code) {
        System.arraycopy(code, 0, target, position, code.length);
        return position + code.length;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = new byte[first.length + second.length];
        put(result, put(result, 0, first), second);
        return result;
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int index = 0; index < values.length; index++) {
            result[index] = (byte) values[index];
        }
        return result;
    }
}
