package org.stackbox.virt;

import java.util.Locale;

/** An image's {@code disk_format} as Glance records it. Only {@code ISO} changes how the image is attached. */
public enum ImageDiskFormat {
    AMI, ARI, AKI, VHD, VHDX, VMDK, RAW, QCOW2, VDI, PLOOP, ISO;

    public static ImageDiskFormat fromGlanceName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** An ISO 9660 image is an installer medium: a read-only CD-ROM, never a writable disk. */
    public boolean isOpticalMedium() { return this == ISO; }
}
