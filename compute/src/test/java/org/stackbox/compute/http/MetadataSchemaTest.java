package org.stackbox.compute.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.api.ApiException;
import org.stackbox.common.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server metadata bodies as Nova's {@code server_metadata} schemas take or refuse them, with Nova's messages. */
@Timeout(10)
class MetadataSchemaTest {
    private static Object parse(String body, String key) {
        var json = Json.parseObject(body.getBytes(StandardCharsets.UTF_8));
        return key == null ? MetadataSchema.metadataBody(json) : MetadataSchema.metaBody(json, key);
    }

    @Test
    void takesItemsInTheirOrder() {
        assertThat(parse("{\"metadata\": {\"b\": \"1\", \"a key.with:all-_ of it\": \"\"}}", null))
                .isEqualTo(Map.of("b", "1", "a key.with:all-_ of it", ""));
        assertThat(parse("{\"meta\": {\"role\": \"web\"}}", "role")).isEqualTo(Map.of("role", "web"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}||'metadata' is a required property",
            "{\"metadata\": {}, \"x\": 1}||Additional properties are not allowed ('x' was unexpected)",
            "{\"metadata\": []}||Invalid input for field/attribute metadata. Value: []. [] is not of type 'object'",
            "{\"metadata\": {\"a/b\": \"1\"}}||Invalid input for field/attribute metadata. Value: {'a/b': '1'}. Additional properties are not allowed ('a/b' was unexpected)",
            "{\"metadata\": {\"\": \"1\"}}||Invalid input for field/attribute metadata. Value: {'': '1'}. Additional properties are not allowed ('' was unexpected)",
            "{\"metadata\": {\"a\": 1}}||Invalid input for field/attribute a. Value: 1. 1 is not of type 'string'",
            "{\"metadata\": {\"a\": null}}||Invalid input for field/attribute a. Value: None. None is not of type 'string'",
            "{\"meta\": {}}|a|Invalid input for field/attribute meta. Value: {}. {} does not have enough properties",
            "{\"meta\": {\"a\": \"1\", \"b\": \"2\"}}|a|Invalid input for field/attribute meta. Value: {'a': '1', 'b': '2'}. {'a': '1', 'b': '2'} has too many properties",
            "{\"meta\": {\"b\": \"2\"}}|a|Request body and URI mismatch",
            "{\"metadata\": {\"a\": \"1\"}}|a|'meta' is a required property",
    })
    void refusesWhatNovaRefuses(String body, String key, String message) {
        assertThatThrownBy(() -> parse(body, key)).isInstanceOf(ApiException.class).hasMessage(message);
    }

    @Test
    void refusesKeysAndValuesOver255Characters() {
        String longKey = "k".repeat(256);
        assertThatThrownBy(() -> parse("{\"metadata\": {\"" + longKey + "\": \"1\"}}", null))
                .hasMessageEndingWith("Additional properties are not allowed ('" + longKey + "' was unexpected)");
        String longValue = "v".repeat(256);
        assertThatThrownBy(() -> parse("{\"metadata\": {\"a\": \"" + longValue + "\"}}", null))
                .hasMessage("Invalid input for field/attribute a. Value: %s. '%s' is too long", longValue, longValue);
        assertThat(parse("{\"metadata\": {\"" + "k".repeat(255) + "\": \"" + "v".repeat(255) + "\"}}", null))
                .isEqualTo(Map.of("k".repeat(255), "v".repeat(255)));
    }
}
