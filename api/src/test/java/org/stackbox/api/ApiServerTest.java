package org.stackbox.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiServerTest {
    @Test
    void accessLogQueriesKeepNoTokens() {
        assertThat(ApiServer.redactTokens("token=abc-DEF_1&x=1")).isEqualTo("token=***&x=1");
        assertThat(ApiServer.redactTokens("path=%3Ftoken%3Dsecret")).isEqualTo("path=%3Ftoken%3D***");
        assertThat(ApiServer.redactTokens("limit=20&marker=token")).isEqualTo("limit=20&marker=token");
        assertThat(ApiServer.redactTokens("a=1&token=zzz")).isEqualTo("a=1&token=***");
    }
}
