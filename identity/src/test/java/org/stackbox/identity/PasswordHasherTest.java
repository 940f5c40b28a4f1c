package org.stackbox.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(2000);

    @Test
    void hashesAreSaltedAndVerifiable() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");
        assertThat(first).startsWith("pbkdf2-sha512$2000$").isNotEqualTo(second);
        assertThat(hasher.matches("correct horse", first)).isTrue();
        assertThat(hasher.matches("correct horse", second)).isTrue();
        assertThat(hasher.matches("Correct horse", first)).isFalse();
    }

    @Test
    void theWorkFactorTravelsWithTheHash() {
        String stored = new PasswordHasher(500).hash("pw");
        assertThat(hasher.matches("pw", stored)).isTrue();
    }

    @Test
    void malformedHashesNeverMatch() {
        assertThat(hasher.matches("pw", "plain-text")).isFalse();
        assertThat(hasher.matches("pw", null)).isFalse();
        assertThat(hasher.matches(null, hasher.hash("pw"))).isFalse();
    }
}
