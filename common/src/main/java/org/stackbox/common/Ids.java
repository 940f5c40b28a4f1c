package org.stackbox.common;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/** Identifiers in the shapes OpenStack uses them. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A dashed UUID, as Nova, Glance and Cinder use for their resources. */
    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A 32-character hex id without dashes, as Keystone uses for its resources. */
    public static String hex() {
        return uuid().replace("-", "");
    }

    /** An unguessable, URL-safe secret of {@code bytes} random bytes (tokens, passwords). */
    public static String secret(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static byte[] randomBytes(int count) {
        byte[] random = new byte[count];
        RANDOM.nextBytes(random);
        return random;
    }

    public static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
