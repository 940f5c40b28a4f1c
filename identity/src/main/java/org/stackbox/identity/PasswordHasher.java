package org.stackbox.identity;

import org.stackbox.common.Ids;

import java.security.MessageDigest;
import java.util.Base64;

/**
 * Slow, salted password hashes: PBKDF2-HMAC-SHA512, stored as {@code pbkdf2-sha512$iterations$salt$hash} so that
 * the work factor can be raised later without invalidating existing hashes.
 */
public final class PasswordHasher {
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final String PREFIX = "pbkdf2-sha512";
    private static final int SALT_BYTES = 16;

    private final int iterations;

    /** 210,000 iterations is OWASP's recommendation for PBKDF2-HMAC-SHA512. */
    public PasswordHasher() {
        this(210_000);
    }

    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = Ids.randomBytes(SALT_BYTES);
        byte[] hash = Pbkdf2Sha512.derive(password, salt, iterations);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "%s$%d$%s$%s".formatted(PREFIX, iterations, base64.encodeToString(salt), base64.encodeToString(hash));
    }

    public boolean matches(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] salt = base64.decode(parts[2]);
        byte[] expected = base64.decode(parts[3]);
        byte[] actual = Pbkdf2Sha512.derive(password, salt, Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }
}
