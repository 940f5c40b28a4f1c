package org.stackbox.compute.model;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A Nova flavor: the size of a server. {@code diskGib} 0 means "as large as the image". */
public record ComputeFlavor(String id, String name, int memoryMib, int vcpus, int diskGib, int ephemeralGib,
                            int swapMib, double rxtxFactor, boolean isPublic, String description,
                            Map<String, String> extraSpecs, boolean deleted) {
    public ComputeFlavor {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        extraSpecs = Map.copyOf(requireNonNull(extraSpecs, "extraSpecs is null"));
        if (memoryMib < 1 || vcpus < 1 || diskGib < 0 || ephemeralGib < 0 || swapMib < 0) {
            throw new IllegalArgumentException("Invalid flavor sizes for " + name);
        }
    }

    public ComputeFlavor withExtraSpecs(Map<String, String> specs) {
        return new ComputeFlavor(id, name, memoryMib, vcpus, diskGib, ephemeralGib, swapMib, rxtxFactor, isPublic,
                description, specs, deleted);
    }

    /** Devstack's default flavors, plus small ones that boot test guests quickly. */
    public static java.util.List<ComputeFlavor> defaults() {
        return java.util.List.of(
                standard("1", "m1.tiny", 512, 1, 1),
                standard("2", "m1.small", 2048, 1, 20),
                standard("3", "m1.medium", 4096, 2, 40),
                standard("4", "m1.large", 8192, 4, 80),
                standard("5", "m1.xlarge", 16384, 8, 160),
                standard("c1", "cirros256", 256, 1, 1),
                standard("10", "stackbox.nano", 64, 1, 1),
                standard("11", "stackbox.micro", 128, 1, 2));
    }

    private static ComputeFlavor standard(String id, String name, int memoryMib, int vcpus, int diskGib) {
        return new ComputeFlavor(id, name, memoryMib, vcpus, diskGib, 0, 0, 1.0, true, null, Map.of(), false);
    }
}
