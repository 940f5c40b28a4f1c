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
    @CsvSource(delimiter = '|', value = {
            "2.1|{\"keypair\": {\"name\": \"k\", \"type\": \"ssh\"}}|'type' was unexpected",
            "2.9|{\"keypair\": {\"name\": \"k\", \"user_id\": \"u\"}}|'user_id' was unexpected",
            "2.2|{\"keypair\": {\"name\": \"k\", \"type\": \"rsa\"}}|'rsa' is not one of ['ssh', 'x509']",
            "2.91|{\"keypair\": {\"name\": \"me@host\"}}|does not match",
            "2.92|{\"keypair\": {\"name\": \"k\"}}|'public_key' is a required property",
            "2.1|{\"keypair\": {\"name\": \" k\"}}|Can not start or end with whitespace",
            "2.1|{\"keypair\": {\"name\": \"\"}}|Can not start or end with whitespace",
            "2.1|{\"keypair\": {}}|'name' is a required property",
            "2.1|{\"other\": {}}|'keypair' is a required property",
            "2.1|{\"keypair\": {\"name\": 5}}|is not of type 'string'",
    })
    void refusesWhatNovasSchemasRefuse(String version, String body, String message) {
        assertThatThrownBy(() -> parse(body, version)).isInstanceOf(ApiException.class).hasMessageContaining(message);
    }
}
