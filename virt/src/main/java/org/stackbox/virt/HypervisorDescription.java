package org.stackbox.virt;

import static java.util.Objects.requireNonNull;

/**
 * What runs the guests, as Nova's hypervisor views name it: its type ({@code QEMU}, {@code KVM}) and version as
 * libvirt encodes it ({@code major * 1,000,000 + minor * 1,000 + micro}; 0 when it cannot be told).
 */
public record HypervisorDescription(String type, long version) {
    public HypervisorDescription {
        requireNonNull(type, "type is null");
    }

    /** libvirt's integer for a version string such as {@code 7.2.15}; 0 for anything else. */
    public static long encode(String version) {
        String[] parts = version.strip().split("\\.");
        long encoded = 0;
        long scale = 1_000_000;
        for (int index = 0; index < Math.min(parts.length, 3); index++) {
            try {
                encoded += Long.parseLong(parts[index].replaceAll("[^0-9].*", "")) * scale;
            } catch (NumberFormatException e) {
                return 0;
            }
            scale /= 1000;
        }
        return encoded;
    }
}
