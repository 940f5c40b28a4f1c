package org.stackbox.storage.block;

/** The formats a volume can be exported in; both are self-contained (no backing file). */
public enum ExportFormat {
    RAW("raw"),
    QCOW2("qcow2");

    private final String qemuDriver;

    ExportFormat(String qemuDriver) {
        this.qemuDriver = qemuDriver;
    }

    /** The name {@code qemu-img -O} takes. */
    String qemuDriver() {
        return qemuDriver;
    }
}
