package org.stackbox.storage.block;

/** A volume's virtual size in bytes: positive and a whole number of 512-byte sectors, as QEMU stores it. */
public record VolumeSize(long bytes) implements Comparable<VolumeSize> {
    public static final long SECTOR = 512;
    public static final long GIBIBYTE = 1L << 30;

    public VolumeSize {
        if (bytes <= 0) {
            throw BlockStoreException.badRequest("Invalid volume size %d bytes: it must be greater than 0", bytes);
        }
        if (bytes % SECTOR != 0) {
            throw BlockStoreException.badRequest(
                    "Invalid volume size %d bytes: it must be a multiple of %d bytes", bytes, SECTOR);
        }
    }

    public static VolumeSize ofBytes(long bytes) {
        return new VolumeSize(bytes);
    }

    /** Cinder's unit. */
    public static VolumeSize ofGibibytes(long gibibytes) {
        if (gibibytes <= 0) {
            throw BlockStoreException.badRequest("Invalid volume size %d GiB: it must be greater than 0", gibibytes);
        }
        if (gibibytes > Long.MAX_VALUE / GIBIBYTE) {
            throw BlockStoreException.badRequest("Invalid volume size %d GiB: it is too large", gibibytes);
        }
        return new VolumeSize(gibibytes * GIBIBYTE);
    }

    @Override
    public int compareTo(VolumeSize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return bytes + " bytes";
    }
}
