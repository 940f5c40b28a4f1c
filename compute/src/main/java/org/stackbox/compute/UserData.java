package org.stackbox.compute;

import org.stackbox.common.ServiceException;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * A server's {@code user_data}: base64 text of at most {@value #MAX_LENGTH} characters, the limit Nova's schema puts
 * on the encoded text (so at most 49,151 bytes of data), checked and decoded the way Nova's Python does it: characters
 * outside the base64 alphabet are skipped, a complete padding ends the data, and an incomplete last group is an error.
 */
public final class UserData {
    public static final int MAX_LENGTH = 65535;
    private static final int PAD = '=';

    private UserData() {}

    /** Refuses what Nova's schema refuses, with its messages (400). */
    public static String validate(String text) {
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw ServiceException.invalid("Invalid input for field/attribute user_data. Value: %s. '%s' is too long",
                    text, text);
        }
        if (decode(text).isEmpty()) {
            throw ServiceException.invalid("Invalid input for field/attribute user_data. Value: %s. '%s' is not a "
                    + "'base64'", text, text);
        }
        return text;
    }

    /** The data, or empty if the text is not base64 to Python's {@code base64.b64decode}. */
    public static Optional<byte[]> decode(String text) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(text.length() * 3 / 4);
        int quadPosition = 0;
        int pads = 0;
        int leftover = 0;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character > 127) {
                return Optional.empty();
            }
            if (character == PAD) {
                pads++;
                if (quadPosition >= 2 && quadPosition + pads >= 4) {
                    return Optional.of(data.toByteArray());
                }
                continue;
            }
            int value = sextet(character);
            if (value < 0) {
                continue;
            }
            pads = 0;
            switch (quadPosition) {
                case 0 -> {
                    leftover = value;
                    quadPosition = 1;
                }
                case 1 -> {
                    data.write((leftover << 2) | (value >> 4));
                    leftover = value & 0x0f;
                    quadPosition = 2;
                }
                case 2 -> {
                    data.write((leftover << 4) | (value >> 2));
                    leftover = value & 0x03;
                    quadPosition = 3;
                }
                default -> {
                    data.write((leftover << 6) | value);
                    quadPosition = 0;
                }
            }
        }
        return quadPosition == 0 ? Optional.of(data.toByteArray()) : Optional.empty();
    }

    private static int sextet(char character) {
        if (character >= 'A' && character <= 'Z') {
            return character - 'A';
        }
        if (character >= 'a' && character <= 'z') {
            return character - 'a' + 26;
        }
        if (character >= '0' && character <= '9') {
            return character - '0' + 52;
        }
        if (character == '+') {
            return 62;
        }
        if (character == '/') {
            return 63;
        }
        return -1;
    }
}
