package org.stackbox.virt;

/** What the guest sees: a hard disk or a CD-ROM drive (Nova's {@code device_type}). */
public enum DeviceType {
    DISK, CDROM
}
