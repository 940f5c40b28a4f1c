package org.stackbox.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Pbkdf2Sha512Test {
    /** RFC 6070's inputs, with SHA-512 (the widely published vector for "password"/"salt", one iteration). */
    @Test
    void matchesThePublishedVector() {
        assertThat(HexFormat.of().formatHex(Pbkdf2Sha512.derive("password", "salt".getBytes(), 1))).isEqualTo(
                "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
                        + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pw", "correct horse battery staple", "pässwörd ✓ 密码",
            "a-password-longer-than-one-sha512-block-so-that-hmac-hashes-the-key-first-"
                    + "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void givesTheJdksBytes(String password) throws Exception {
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        for (int iterations : new int[] {1, 2, 1000}) {
            byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 512)).getEncoded();
            assertThat(Pbkdf2Sha512.derive(password, salt, iterations)).as("%d iterations", iterations)
                    .isEqualTo(expected);
        }
    }

    @Test
    void refusesNoIterations() {
        assertThatThrownBy(() -> Pbkdf2Sha512.derive("pw", new byte[16], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
