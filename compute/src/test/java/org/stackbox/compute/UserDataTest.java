package org.stackbox.compute;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ServiceError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** User data is checked and decoded as Nova's Python does it (cases checked against {@code base64.b64decode}). */
@Timeout(10)
class UserDataTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "QUJD|414243",
            "'QU JD\n'|414243",
            "QUI=|4142",
            "'=QUI='|4142",
            "'QQ==QUFB'|41",
            "'QQ=x='|410c",
            "'Q=Q=Q=Q='|4104",
            "''|''",
    })
    void decodesLikePython(String text, String hex) {
        assertThat(UserData.decode(text)).hasValueSatisfying(data ->
                assertThat(java.util.HexFormat.of().formatHex(data)).isEqualTo(hex));
    }

    @ParameterizedTest
    @CsvSource({"QQ", "Q", "'QQ='", "QUJDRA", "é"})
    void refusesWhatPythonRefuses(String text) {
        assertThat(UserData.decode(text)).isEmpty();
        assertThatThrownBy(() -> UserData.validate(text)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ServiceError.INVALID_REQUEST);
            assertThat(e.getMessage()).startsWith("Invalid input for field/attribute user_data.")
                    .endsWith("is not a 'base64'");
        });
    }

    @Test
    void theLimitIsOnTheEncodedText() {
        String largest = Base64.getEncoder().encodeToString(new byte[49149]);
        assertThat(largest).hasSize(65532);
        assertThat(UserData.validate(largest)).isEqualTo(largest);
        String padded = largest + "\n\n\n";
        assertThat(UserData.validate(padded)).hasSize(UserData.MAX_LENGTH);
        String tooLong = Base64.getEncoder().encodeToString(new byte[49152]);
        assertThatThrownBy(() -> UserData.validate(tooLong)).isInstanceOfSatisfying(ServiceException.class, e ->
                assertThat(e.getMessage()).endsWith("' is too long"));
    }

    @Test
    void decodedDataIsTheBytes() {
        String script = "#!/bin/sh\necho hello\n";
        assertThat(UserData.decode(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8))))
                .hasValueSatisfying(data -> assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(script));
    }
}
