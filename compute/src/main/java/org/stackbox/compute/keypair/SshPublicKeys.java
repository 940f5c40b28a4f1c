package org.stackbox.compute.keypair;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSH public keys ({@code <type> <base64 blob> [comment]}): checked the way Nova's {@code crypto.py} has
 * {@code cryptography} load them, and fingerprinted as Nova does, the MD5 of the blob in colon-separated hex.
 */
public final class SshPublicKeys {
    /** What cryptography's {@code load_ssh_public_key} matches first: a type, blanks, then the blob. */
    private static final Pattern FORMAT = Pattern.compile("\\A(\\S+)[ \\t]+(\\S+)");
    private static final Map<String, Integer> CURVE_POINT_BYTES = Map.of(
            "nistp256", 65, "nistp384", 97, "nistp521", 133);

    private SshPublicKeys() {}

    /** The key's fingerprint, or empty if it is not a public key cryptography would load. */
    public static Optional<String> fingerprint(String publicKey) {
        if (!isValid(publicKey)) {
            return Optional.empty();
        }
        // Nova hashes the second field when splitting on single spaces.
        String[] fields = publicKey.split(" ", -1);
        if (fields.length < 2) {
            return Optional.empty();
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[1].strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(md5ColonHex(blob));
    }

    static String md5ColonHex(byte[] data) {
        try {
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** Whether the text starts with a well-formed public key of a type OpenSSH knows, with nothing left over. */
    static boolean isValid(String publicKey) {
        Matcher matcher = FORMAT.matcher(publicKey);
        if (!matcher.find()) {
            return false;
        }
        String type = matcher.group(1);
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        try {
            if (!type.equals(string(buffer))) {
                return false;
            }
            boolean valid = switch (type) {
                case "ssh-rsa" -> validRsa(buffer);
                case "ssh-dss" -> validDsa(buffer);
                case "ssh-ed25519" -> bytes(buffer).length == 32;
                case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> validEcdsa(type, buffer);
                default -> false;
            };
            return valid && !buffer.hasRemaining();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean validRsa(ByteBuffer buffer) {
        BigInteger exponent = mpint(buffer);
        BigInteger modulus = mpint(buffer);
        return exponent.compareTo(BigInteger.valueOf(3)) >= 0 && exponent.testBit(0)
                && modulus.bitLength() >= 512 && modulus.testBit(0);
    }

    private static boolean validDsa(ByteBuffer buffer) {
        for (int index = 0; index < 4; index++) {
            if (mpint(buffer).signum() <= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean validEcdsa(String type, ByteBuffer buffer) {
        String curve = type.substring("ecdsa-sha2-".length());
        if (!curve.equals(string(buffer))) {
            return false;
        }
        byte[] point = bytes(buffer);
        return point.length == CURVE_POINT_BYTES.get(curve) && point[0] == 4;
    }

    private static String string(ByteBuffer buffer) {
        return new String(bytes(buffer), StandardCharsets.US_ASCII);
    }

    private static BigInteger mpint(ByteBuffer buffer) {
        byte[] value = bytes(buffer);
        if (value.length == 0) {
            return BigInteger.ZERO;
        }
        BigInteger number = new BigInteger(value);
        if (number.signum() < 0) {
            throw new IllegalArgumentException("negative mpint");
        }
        return number;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer.remaining() < 4) {
            throw new IllegalArgumentException("truncated");
        }
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("truncated");
        }
        byte[] value = new byte[length];
        buffer.get(value);
        return value;
    }

    /** The wire encoding of an RSA public key, the blob of an {@code ssh-rsa} line. */
    static byte[] rsaBlob(BigInteger exponent, BigInteger modulus) {
        byte[] type = "ssh-rsa".getBytes(StandardCharsets.US_ASCII);
        byte[] e = exponent.toByteArray();
        byte[] n = modulus.toByteArray();
        return ByteBuffer.allocate(12 + type.length + e.length + n.length)
                .putInt(type.length).put(type).putInt(e.length).put(e).putInt(n.length).put(n).array();
    }
}
