package org.stackbox.virt;

/**
 * The bus a disk or CD-ROM hangs on (Nova's {@code disk_bus}, the image properties {@code hw_disk_bus} and
 * {@code hw_cdrom_bus}). The bus decides the target name's prefix and how many devices fit, as in Nova's blockinfo.
 */
public enum DiskBus {
    VIRTIO("vd", 26, true, false),
    IDE("hd", 4, false, true),
    SATA("sd", 6, false, true),
    SCSI("sd", 26, true, true),
    USB("sd", 26, true, false);

    private final String targetPrefix;
    private final int maximumDevices;
    private final boolean hotPluggable;
    private final boolean cdromCapable;

    DiskBus(String targetPrefix, int maximumDevices, boolean hotPluggable, boolean cdromCapable) {
        this.targetPrefix = targetPrefix;
        this.maximumDevices = maximumDevices;
        this.hotPluggable = hotPluggable;
        this.cdromCapable = cdromCapable;
    }

    /** {@code vd} for virtio, {@code hd} for IDE, {@code sd} for SATA, SCSI and USB. */
    public String targetPrefix() { return targetPrefix; }

    /** How many devices the bus takes: four on IDE (two channels, master and slave), six SATA ports. */
    public int maximumDevices() { return maximumDevices; }

    /** Whether a device can be added to or removed from a running guest on this bus. */
    public boolean hotPluggable() { return hotPluggable; }

    /** Whether the bus can carry a CD-ROM drive (virtio-blk cannot; USB CD-ROMs are not offered). */
    public boolean cdromCapable() { return cdromCapable; }

    /** The bus for an OpenStack name such as {@code virtio} or {@code ide}, case-insensitive. */
    public static DiskBus fromOpenStackName(String name) {
        for (DiskBus bus : values()) {
            if (bus.openStackName().equalsIgnoreCase(name)) {
                return bus;
            }
        }
        throw new IllegalArgumentException("Unknown disk bus: " + name);
    }

    public String openStackName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
