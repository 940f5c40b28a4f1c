package org.stackbox.storage.block;

import java.time.Duration;

/**
 * A stand-in for Stackbox in its own JVM: converts a raw disk to qcow2 through {@link QemuImg}, slowed down by
 * qemu-img's rate limit, so that a test can kill this process while the conversion runs.
 */
public final class ConvertingParent {
    private ConvertingParent() {}

    public static void main(String[] arguments) {
        QemuImg.system().run(Duration.ofMinutes(2), "convert", "-r", "1M", "-f", "raw", "-O", "qcow2",
                arguments[0], arguments[1]);
    }
}
