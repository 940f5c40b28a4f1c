package org.stackbox.virt;

/**
 * The emulated chipset (image property {@code hw_machine_type}). {@code PC} (i440fx) is the default, as in Nova,
 * because it has the IDE controller whose four devices are {@code hda} to {@code hdd}; {@code Q35} has no IDE, so
 * its CD-ROMs go on SATA.
 */
public enum MachineType {
    PC, Q35;

    /** The machine for an image property value such as {@code pc}, {@code q35} or {@code pc-i440fx-7.2}. */
    public static MachineType fromImageProperty(String value) {
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("q35") || lower.startsWith("pc-q35")) {
            return Q35;
        }
        if (lower.equals("pc") || lower.startsWith("pc-i440fx")) {
            return PC;
        }
        throw new IllegalArgumentException("Unsupported machine type: " + value);
    }

    /** The CD-ROM bus when the image does not name one: IDE where the chipset has it, SATA otherwise. */
    public DiskBus defaultCdromBus() {
        return this == PC ? DiskBus.IDE : DiskBus.SATA;
    }

    public boolean hasIde() { return this == PC; }
}
