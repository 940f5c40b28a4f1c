package org.stackbox.compute.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stackbox.api.Microversion;
import org.stackbox.api.ApiException;
import org.stackbox.common.Json;
import org.stackbox.compute.keypair.KeyPairService;
import org.stackbox.compute.keypair.KeyType;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code POST /os-keypairs} bodies, per microversion, as Nova's schemas take or refuse them. */
@Timeout(10)
class KeyPairRequestsTest {
    private static KeyPairService.CreateKeyPair parse(String body, String version) {
        return KeyPairRoutes.createRequest(Json.parseObject(body.getBytes(StandardCharsets.UTF_8)),
                Microversion.parse(version));
    }

    @Test
    void readsEachFieldFromTheVersionThatAddedIt() {
        assertThat(parse("{\"keypair\": {\"name\": \"k\"}}", "2.1")).isEqualTo(
                new KeyPairService.CreateKeyPair("k", KeyType.SSH, Optional.empty(), Optional.empty()));
        assertThat(parse("{\"keypair\": {\"name\": \"k\", \"type\": \"x509\"}}", "2.2").type()).isEqualTo(KeyType.X509);
        assertThat(parse("{\"keypair\": {\"name\": \"k\", \"user_id\": \"u\"}}", "2.10").userId()).contains("u");
        assertThat(parse("{\"keypair\": {\"name\": \"me@host.example\", \"public_key\": \"ssh-ed25519 AAAA\"}}",
                "2.92").name()).isEqualTo("me@host.example");
    }

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "2.1|{\"keypair\": {\"name\": \"k\", \"type\": \"ssh\"}}|Invalid input for field/attribute keypair. Value: {'name': 'k', 'type': 'ssh'}. Additional properties are not allowed ('type' was unexpected)",
            "2.9|{\"keypair\": {\"name\": \"k\", \"user_id\": \"u\"}}|Invalid input for field/attribute keypair. Value: {'name': 'k', 'user_id': 'u'}. Additional properties are not allowed ('user_id' was unexpected)",
            "2.95|{\"keypair\": {\"name\": \"k\", \"public_key\": \"ssh-ed25519 AAAA\", \"foo\": 1}}|Invalid input for field/attribute keypair. Value: {'name': 'k', 'public_key': 'ssh-ed25519 AAAA', 'foo': 1}. Additional properties are not allowed ('foo' was unexpected)",
            "2.1|{\"keypair\": {\"name\": \"k\"}, \"foo\": 1}|Additional properties are not allowed ('foo' was unexpected)",
            "2.2|{\"keypair\": {\"name\": \"k\", \"type\": \"rsa\"}}|Invalid input for field/attribute type. Value: rsa. 'rsa' is not one of ['ssh', 'x509']",
            "2.91|{\"keypair\": {\"name\": \"me@host\"}}|Invalid input for field/attribute name. Value: me@host. 'me@host' does not match '^[_\\\\- a-zA-Z0-9]+$'",
            "2.92|{\"keypair\": {\"name\": \"k\"}}|Invalid input for field/attribute keypair. Value: {'name': 'k'}. 'public_key' is a required property",
            "2.1|{\"keypair\": {\"name\": \" k\"}}|An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
            "2.1|{\"keypair\": {\"name\": \"\"}}|An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
            "2.1|{\"keypair\": {\"foo\": 1}}|Invalid input for field/attribute keypair. Value: {'foo': 1}. 'name' is a required property",
            "2.1|{\"other\": {}}|'keypair' is a required property",
            "2.1|{\"keypair\": {\"name\": 5, \"foo\": 1}}|Invalid input for field/attribute name. Value: 5. 5 is not of type 'string'",
    })
    void refusesWithNovasMessage(String version, String body, String message) {
        assertThatThrownBy(() -> parse(body, version)).isInstanceOf(ApiException.class).hasMessage(message);
    }
}
