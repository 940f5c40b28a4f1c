package org.stackbox.virt.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the host says about hardware virtualisation. {@code /dev/kvm} alone is not enough: on a nested
 * paravirtualised backend (module {@code kvm_pvm}, no {@code vmx}/{@code svm} flag) SeaBIOS runs but real guests die
 * with "KVM internal error ... emulation failure" while QEMU keeps running.
 *
 * @param kvmDeviceOpenable {@code /dev/kvm} exists and opens for reading and writing
 * @param cpuHasVirtualization {@code /proc/cpuinfo} lists {@code vmx} (Intel) or {@code svm} (AMD)
 * @param paravirtualizedBackend the {@code kvm_pvm} module is loaded
 */
public record HostVirtualization(boolean kvmDeviceOpenable, boolean cpuHasVirtualization,
                                 boolean paravirtualizedBackend) {
    private static final Pattern VIRTUALIZATION_FLAG = Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b",
            Pattern.MULTILINE);

    /** Reads this host's facts. */
    public static HostVirtualization ofThisHost() {
        return new HostVirtualization(
                openable(Path.of("/dev/kvm")),
                cpuInfoHasVirtualization(readOrEmpty(Path.of("/proc/cpuinfo"))),
                Files.exists(Path.of("/sys/module/kvm_pvm")));
    }

    static boolean cpuInfoHasVirtualization(String cpuInfo) {
        return VIRTUALIZATION_FLAG.matcher(cpuInfo).find();
    }

    /** Why KVM cannot be used here, or empty when it is worth a probe. */
    public Optional<String> reasonAgainstKvm() {
        if (!kvmDeviceOpenable) {
            return Optional.of("/dev/kvm is missing or cannot be opened for reading and writing");
        }
        if (paravirtualizedBackend) {
            return Optional.of("/dev/kvm is the paravirtualised kvm_pvm backend, which fails on real guests");
        }
        if (!cpuHasVirtualization) {
            return Optional.of("the CPU flags in /proc/cpuinfo have neither vmx nor svm");
        }
        return Optional.empty();
    }

    private static boolean openable(Path device) {
        try (FileChannel ignored = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
