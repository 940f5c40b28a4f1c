package org.stackbox.common.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** IPv6 access addresses as Nova keeps them, in RFC 5952's canonical text. */
class Ipv6TextTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0000:0000:0000:0000:0000:babe:220.12.22.2, ::babe:dc0c:1602",
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "::, ::",
            "::1, ::1",
            "fe80::, fe80::",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
            "2001:db8:0:2:3:4:5:6, 2001:db8:0:2:3:4:5:6"})
    void isCanonical(String address, String canonical) {
        assertThat(Ipv6Text.canonical(address)).isEqualTo(canonical);
    }
}
