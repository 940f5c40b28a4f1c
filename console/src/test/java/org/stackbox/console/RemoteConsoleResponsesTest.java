package org.stackbox.console;

import org.junit.jupiter.api.Test;
import org.stackbox.common.ApiException;
import org.stackbox.common.Json;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console calls' bodies, as golden JSON. */
class RemoteConsoleResponsesTest {
    static final String SERVER = "0f3c7a8e-2d0b-4c55-9a51-6c9f3f1e2b10";
    static final Instant EXPIRES = Instant.parse("2026-11-25T12:10:00Z");
    final RemoteConsoleResponses responses = new RemoteConsoleResponses(ConsoleConfig.defaults("http://192.0.2.10:8774/"));

    @Test
    void getVncConsoleAnswersWithNovaNoVncProxysUrlShape() {
        ConsoleToken token = new ConsoleToken("abc-DEF_123", SERVER, ConsoleType.NOVNC, EXPIRES);
        assertThat(Json.write(responses.console(token))).isEqualTo("""
                {"console":{"type":"novnc","url":"http://192.0.2.10:8774/console/vnc_lite.html?path=%3Ftoken%3Dabc-DEF_123"}}""");
    }

    @Test
    void remoteConsolesAnswersWithProtocolTypeAndUrl() {
        ConsoleToken token = new ConsoleToken("abc-DEF_123", SERVER, ConsoleType.NOVNC, EXPIRES);
        assertThat(Json.write(responses.remoteConsole(token))).isEqualTo("""
                {"remote_console":{"protocol":"vnc","type":"novnc","url":"http://192.0.2.10:8774/console/vnc_lite.html?path=%3Ftoken%3Dabc-DEF_123"}}""");
    }

    @Test
    void serialConsolesAreWebsocketUrls() {
        ConsoleToken token = new ConsoleToken("abc-DEF_123", SERVER, ConsoleType.SERIAL, EXPIRES);
        assertThat(Json.write(responses.remoteConsole(token))).isEqualTo("""
                {"remote_console":{"protocol":"serial","type":"serial","url":"ws://192.0.2.10:8774/console/serial?token=abc-DEF_123"}}""");
        RemoteConsoleResponses secure = new RemoteConsoleResponses(ConsoleConfig.defaults("https://cloud.example.org"));
        assertThat(secure.url(token)).isEqualTo("wss://cloud.example.org/console/serial?token=abc-DEF_123");
    }

    @Test
    void requestsForConsolesStackboxDoesNotServeAreRefused() {
        assertThat(ConsoleType.fromRemoteConsoleRequest("vnc", "novnc")).isEqualTo(ConsoleType.NOVNC);
        assertThat(ConsoleType.fromRemoteConsoleRequest("serial", "serial")).isEqualTo(ConsoleType.SERIAL);
        assertThat(ConsoleType.fromActionType("novnc")).isEqualTo(ConsoleType.NOVNC);
        assertThatThrownBy(() -> ConsoleType.fromRemoteConsoleRequest("spice", "spice-html5"))
                .isInstanceOf(ApiException.class).hasMessageContaining("Unsupported console type");
        assertThatThrownBy(() -> ConsoleType.fromRemoteConsoleRequest("vnc", "xvpvnc"))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ConsoleType.fromActionType("xvpvnc")).isInstanceOf(ApiException.class);
    }
}
