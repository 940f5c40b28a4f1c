package org.stackbox.storage.block;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The disk formats of Glance images a volume can be made from, each with the QEMU driver that reads it. The format is
 * always the one the image was registered with: QEMU is never asked to guess.
 */
public enum ImageFormat {
    RAW("raw"),
    /** An ISO 9660 image is plain bytes to QEMU: a volume made from it holds the same bytes. */
    ISO("raw"),
    QCOW2("qcow2"),
    VMDK("vmdk"),
    VDI("vdi"),
    VHD("vpc"),
    VHDX("vhdx");

    private final String qemuDriver;

    /** The format for a Glance {@code disk_format} value; empty for formats no volume can be made from (ami ...). */
    public static Optional<ImageFormat> fromDiskFormat(String diskFormat) {
        requireNonNull(diskFormat, "diskFormat is null");
        for (ImageFormat format : values()) {
            if (format.name().equalsIgnoreCase(diskFormat)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    ImageFormat(String qemuDriver) {
        this.qemuDriver = qemuDriver;
    }

    /** The name {@code qemu-img -f} takes. */
    String qemuDriver() {
        return qemuDriver;
    }

    /** Whether the image's bytes are the disk's bytes, so that the image file itself can serve as a base. */
    boolean isRaw() {
        return qemuDriver.equals("raw");
    }
}
