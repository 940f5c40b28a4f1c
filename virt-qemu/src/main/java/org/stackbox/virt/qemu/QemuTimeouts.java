package org.stackbox.virt.qemu;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How long the driver waits for QEMU, in one place.
 *
 * @param start from launching QEMU to a running guest answering QMP
 * @param qmpConnect to connect to QMP and negotiate capabilities
 * @param stop from {@code quit} (or a kill) to the process being gone
 * @param stateTransfer to save a guest's whole state to disk, or to load it back
 */
public record QemuTimeouts(Duration start, Duration qmpConnect, Duration stop, Duration stateTransfer) {
    public QemuTimeouts {
        requirePositive(start, "start");
        requirePositive(qmpConnect, "qmpConnect");
        requirePositive(stop, "stop");
        requirePositive(stateTransfer, "stateTransfer");
    }

    public static QemuTimeouts defaults() {
        return new QemuTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(120));
    }

    private static void requirePositive(Duration duration, String name) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
