package org.stackbox.virt.qemu;

/** How QEMU runs the guest's instructions. */
public enum Accelerator {
    /** Hardware virtualisation through {@code /dev/kvm}: fast, when the host really offers it. */
    KVM("kvm", "host"),
    /** QEMU's own translator: works everywhere, slower. */
    TCG("tcg", "qemu64");

    private final String qemuName;
    private final String cpuModel;

    Accelerator(String qemuName, String cpuModel) {
        this.qemuName = qemuName;
        this.cpuModel = cpuModel;
    }

    /** The name for {@code -accel}. */
    public String qemuName() { return qemuName; }

    /** The CPU model for {@code -cpu}: the host's own under KVM, a plain 64-bit CPU under TCG. */
    public String cpuModel() { return cpuModel; }
}
