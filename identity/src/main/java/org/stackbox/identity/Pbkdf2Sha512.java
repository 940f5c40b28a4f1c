package org.stackbox.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import static java.util.Objects.requireNonNull;

/**
 * PBKDF2 with HMAC-SHA512 (RFC 8018), for one 64-byte block, giving the same bytes as the JDK's
 * {@code PBKDF2WithHmacSHA512} with a 512-bit key length. The JDK's version feeds the key's inner and outer pads through
 * SHA-512 again in every iteration; here the digests of the two pads are computed once and cloned, so each of the
 * hundreds of thousands of iterations costs two SHA-512 compressions instead of four: a login's password check takes
 * about half the time, with the same work factor.
 */
final class Pbkdf2Sha512 {
    static final int LENGTH = 64;
    private static final int BLOCK = 128;

    private Pbkdf2Sha512() {}

    /** The derived key of {@code password} (encoded as UTF-8, as the JDK encodes it). */
    static byte[] derive(String password, byte[] salt, int iterations) {
        requireNonNull(password, "password is null");
        requireNonNull(salt, "salt is null");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        if (key.length > BLOCK) {
            key = sha512().digest(key);
        }
        MessageDigest inner = sha512();
        MessageDigest outer = sha512();
        byte[] pad = new byte[BLOCK];
        for (int index = 0; index < BLOCK; index++) {
            pad[index] = (byte) ((index < key.length ? key[index] : 0) ^ 0x36);
        }
        inner.update(pad);
        for (int index = 0; index < BLOCK; index++) {
            pad[index] = (byte) ((index < key.length ? key[index] : 0) ^ 0x5c);
        }
        outer.update(pad);

        MessageDigest first = copy(inner);
        first.update(salt);
        first.update(new byte[] {0, 0, 0, 1});
        byte[] block = hmac(outer, first.digest());
        byte[] result = block.clone();
        for (int iteration = 1; iteration < iterations; iteration++) {
            MessageDigest next = copy(inner);
            next.update(block);
            block = hmac(outer, next.digest());
            for (int index = 0; index < LENGTH; index++) {
                result[index] ^= block[index];
            }
        }
        return result;
    }

    private static byte[] hmac(MessageDigest outer, byte[] innerDigest) {
        MessageDigest digest = copy(outer);
        digest.update(innerDigest);
        return digest.digest();
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-512 digests cannot be cloned in this JVM", e);
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is not available in this JVM", e);
        }
    }
}
