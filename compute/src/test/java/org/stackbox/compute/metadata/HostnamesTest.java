package org.stackbox.compute.metadata;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Host names from server names, as Nova's {@code sanitize_hostname} makes them. */
@Timeout(10)
class HostnamesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "web|web",
            "My Server_1.example|my-server-1-example",
            "-.leading and trailing.-|leading-and-trailing",
            "Crème brûlée|crème-brûlée",
            "日本語 name|name",
            "a$b%c|abc",
            "'  '|Server-7a1b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    + "|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    })
    void hostname(String name, String expected) {
        assertThat(Hostnames.fromServerName(name, "7a1b")).isEqualTo(expected);
    }
}
