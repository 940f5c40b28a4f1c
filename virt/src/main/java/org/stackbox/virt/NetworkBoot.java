package org.stackbox.virt;

/** Where network (PXE) boot sits in the boot order; OpenStack has no such option, Stackbox does. */
public enum NetworkBoot {
    /** Boot only from disks and CD-ROMs. */
    NEVER,
    /** Try the disks first and fall through to PXE when none boots (the article's libvirt workaround). */
    AFTER_DISKS,
    /** Try PXE first, then the disks. */
    FIRST
}
