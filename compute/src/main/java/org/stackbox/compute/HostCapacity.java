package org.stackbox.compute;

import java.util.HashMap;
import java.util.Map;

/**
 * The one compute host's vCPUs, memory and disk, and what servers have claimed of them, with Nova's default
 * over-commit ratios (16 vCPUs per core, 1.5 x memory, 1.0 x disk). A claim that does not fit is refused: the
 * scheduler's "No valid host was found".
 */
public final class HostCapacity {
    public static final String HOST_NAME = "stackbox";
    /** This host's address as Nova shows its {@code my_ip}: a hypervisor's host_ip, a migration's dest_host. */
    public static final String HOST_IP = "127.0.0.1";
    private static final double CPU_RATIO = 16.0;
    private static final double RAM_RATIO = 1.5;

    public record Resources(int vcpus, long memoryMib, long diskGib) {}

    private final Resources total;
    private final Map<String, Resources> claims = new HashMap<>();

    public HostCapacity(Resources total) {
        this.total = total;
    }

    /** This machine: its cores, its memory less 512 MiB reserved for the host, and the data directory's disk. */
    public static HostCapacity ofThisHost(java.nio.file.Path dataDirectory) {
        long memoryMib = readMemTotalMib() - 512;
        long diskGib;
        try {
            diskGib = java.nio.file.Files.getFileStore(dataDirectory).getTotalSpace() >> 30;
        } catch (java.io.IOException e) {
            diskGib = 0;
        }
        return new HostCapacity(new Resources(Runtime.getRuntime().availableProcessors(), memoryMib, diskGib));
    }

    public Resources total() { return total; }

    public synchronized Resources used() {
        int vcpus = 0;
        long memory = 0;
        long disk = 0;
        for (Resources claim : claims.values()) {
            vcpus += claim.vcpus();
            memory += claim.memoryMib();
            disk += claim.diskGib();
        }
        return new Resources(vcpus, memory, disk);
    }

    /** Claims the resources for the server; false (nothing claimed) when they do not fit. */
    public synchronized boolean claim(String serverId, Resources wanted) {
        if (claims.containsKey(serverId)) {
            return true;
        }
        Resources used = used();
        boolean fits = used.vcpus() + wanted.vcpus() <= total.vcpus() * CPU_RATIO
                && used.memoryMib() + wanted.memoryMib() <= total.memoryMib() * RAM_RATIO
                && (total.diskGib() == 0 || used.diskGib() + wanted.diskGib() <= total.diskGib());
        if (fits) {
            claims.put(serverId, wanted);
        }
        return fits;
    }

    public synchronized void release(String serverId) {
        claims.remove(serverId);
    }

    private static long readMemTotalMib() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // fall through
        }
        return Runtime.getRuntime().maxMemory() >> 20;
    }
}
