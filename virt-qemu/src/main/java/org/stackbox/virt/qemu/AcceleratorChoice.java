package org.stackbox.virt.qemu;

import static java.util.Objects.requireNonNull;

/** The accelerator Stackbox will use, and why (for the log and the operator). */
public record AcceleratorChoice(Accelerator accelerator, String reason) {
    public AcceleratorChoice {
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(reason, "reason is null");
    }
}
