package org.stackbox.virt;

/** How a disk file is laid out on the host. The hypervisor is always told, never left to guess (probe). */
public enum FileFormat {
    RAW, QCOW2
}
