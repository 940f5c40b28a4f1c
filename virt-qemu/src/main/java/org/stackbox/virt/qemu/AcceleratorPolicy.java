package org.stackbox.virt.qemu;

/** The operator's choice of accelerator. */
public enum AcceleratorPolicy {
    /** KVM when it really works on this host (checked and probed), TCG otherwise. */
    AUTO,
    /** KVM without checking (the operator knows better). */
    KVM,
    /** TCG always. */
    TCG
}
