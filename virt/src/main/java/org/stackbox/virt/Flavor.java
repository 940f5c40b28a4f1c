package org.stackbox.virt;

/** The part of a flavor the hypervisor needs: virtual CPUs and memory. */
public record Flavor(int vcpus, int memoryMib) {
    public Flavor {
        if (vcpus < 1 || vcpus > 255) {
            throw new IllegalArgumentException("vcpus must be between 1 and 255: " + vcpus);
        }
        if (memoryMib < 16) {
            throw new IllegalArgumentException("memory must be at least 16 MiB: " + memoryMib);
        }
    }
}
