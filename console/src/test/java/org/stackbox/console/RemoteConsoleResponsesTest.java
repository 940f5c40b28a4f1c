package org.stackbox.console;

import org.junit.jupiter.api.Test;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ConsoleType;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console URLs, in the shapes nova-novncproxy and nova-serialproxy give. */
class RemoteConsoleResponsesTest {
    static final String SERVER = "0f3c7a8e-2d0b-4c55-9a51-6c9f3f1e2b10";
    static final Instant EXPIRES = Instant.parse("2026-11-25T12:10:00Z");
    final RemoteConsoleResponses responses = new RemoteConsoleResponses(ConsoleConfig.defaults("http://192.0.2.10:8774/"));

    @Test
    void noVncUrlsCarryTheTokenInThePathParameter() {
        ConsoleToken token = new ConsoleToken("abc-DEF_123", SERVER, ConsoleType.NOVNC, EXPIRES);
        assertThat(responses.url(token))
                .isEqualTo("http://192.0.2.10:8774/console/vnc_lite.html?path=%3Ftoken%3Dabc-DEF_123");
    }

    @Test
    void serialConsolesAreWebsocketUrls() {
        ConsoleToken token = new ConsoleToken("abc-DEF_123", SERVER, ConsoleType.SERIAL, EXPIRES);
        assertThat(responses.url(token)).isEqualTo("ws://192.0.2.10:8774/console/serial?token=abc-DEF_123");
        RemoteConsoleResponses secure = new RemoteConsoleResponses(ConsoleConfig.defaults("https://cloud.example.org"));
        assertThat(secure.url(token)).isEqualTo("wss://cloud.example.org/console/serial?token=abc-DEF_123");
    }

    @Test
    void typeNamesStackboxDoesNotServeAreRefused() {
        assertThat(ConsoleType.fromTypeName("novnc")).isEqualTo(ConsoleType.NOVNC);
        assertThat(ConsoleType.fromTypeName("serial")).isEqualTo(ConsoleType.SERIAL);
        assertThatThrownBy(() -> ConsoleType.fromTypeName("xvpvnc")).isInstanceOf(ServiceException.class)
                .hasMessage("Invalid console type xvpvnc");
    }
}
