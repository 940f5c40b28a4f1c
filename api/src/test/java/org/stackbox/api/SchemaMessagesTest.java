package org.stackbox.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.common.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Values printed as Python prints them (checked against CPython 3.11's {@code repr}). */
@Timeout(10)
class SchemaMessagesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"a\": 1, \"b\": \"x\", \"c\": [true, false, null], \"d\": {}}|{'a': 1, 'b': 'x', 'c': [True, False, None], 'd': {}}",
            "[1.5, 1e20, 1e-5, 0.0001, 12345678.5, 1e16, 123456789012345678.0]|[1.5, 1e+20, 1e-05, 0.0001, 12345678.5, 1e+16, 1.2345678901234568e+17]",
            "[\"it's\", \"say \\\"hi\\\"\", \"both ' \\\"\", \"tab\\tnew\\nline\\\\\", \"é\"]|[\"it's\", 'say \"hi\"', 'both \\' \"', 'tab\\tnew\\nline\\\\', 'é']",
            "[-3, 12345678901234567890, -0.5]|[-3, 12345678901234567890, -0.5]",
    })
    void printsJsonAsPythonReprPrintsIt(String json, String python) throws Exception {
        assertThat(SchemaMessages.pythonRepr(Json.MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(python);
    }

    @Test
    void namesUnexpectedKeysSortedWithWasOrWere() {
        assertThat(SchemaMessages.additionalProperties(List.of("foo")))
                .isEqualTo("Additional properties are not allowed ('foo' was unexpected)");
        assertThat(SchemaMessages.additionalProperties(List.of("foo", "bar")))
                .isEqualTo("Additional properties are not allowed ('bar', 'foo' were unexpected)");
    }

    @Test
    void printsAStringValueBareAsTheValidatorsPercentSDoes() throws Exception {
        assertThat(SchemaMessages.invalidInput("type", Json.MAPPER.readTree("\"rsa\""), "m"))
                .isEqualTo("Invalid input for field/attribute type. Value: rsa. m");
    }
}
