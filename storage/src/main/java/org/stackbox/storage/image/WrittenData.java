package org.stackbox.storage.image;

import static java.util.Objects.requireNonNull;

/**
 * What a write produced: the number of bytes and their digests, lower-case hex.
 *
 * @param md5 Glance's {@code checksum}
 * @param sha512 Glance's {@code os_hash_value}, with {@code os_hash_algo} {@value #HASH_ALGORITHM}
 */
public record WrittenData(long size, String md5, String sha512) {
    public static final String HASH_ALGORITHM = "sha512";

    public WrittenData {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        requireNonNull(md5, "md5 is null");
        requireNonNull(sha512, "sha512 is null");
        if (md5.length() != 32 || sha512.length() != 128) {
            throw new IllegalArgumentException("md5 and sha512 must be hex digests");
        }
    }
}
