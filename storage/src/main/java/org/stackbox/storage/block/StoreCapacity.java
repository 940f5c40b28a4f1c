package org.stackbox.storage.block;

/**
 * A block store's space, in bytes.
 *
 * @param totalBytes the size of what holds the store (its file system)
 * @param freeBytes what is left for more data
 */
public record StoreCapacity(long totalBytes, long freeBytes) {
    public StoreCapacity {
        if (totalBytes < 0 || freeBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
    }
}
