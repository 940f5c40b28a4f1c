package org.stackbox.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OriginPolicyTest {
    final OriginPolicy policy = new OriginPolicy("http://cloud.example.org:8774", List.of("https://dashboard.example.org"));

    @ParameterizedTest
    @CsvSource({
            "http://cloud.example.org:8774, true",
            "HTTP://Cloud.Example.Org:8774, true",
            "https://dashboard.example.org, true",
            "https://dashboard.example.org:443, true",
            "http://cloud.example.org, false",
            "https://cloud.example.org:8774, false",
            "http://evil.example.net:8774, false",
            "null, false",
            "file://, false"})
    void browsersMustComeFromThePublicUrlOrAnAllowedOrigin(String origin, boolean allowed) {
        assertThat(policy.allows(origin)).isEqualTo(allowed);
    }

    @Test
    void clientsThatAreNotBrowsersSendNoOriginAndPass() {
        assertThat(policy.allows(null)).isTrue();
    }
}
