package org.stackbox.compute.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stackbox.api.ApiException;
import org.stackbox.common.ConsoleType;
import org.stackbox.common.Json;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which consoles a {@code remote-consoles} request gets, and the bodies of the answers, as Nova gives them. */
@Timeout(10)
class ConsoleRoutesTest {
    static final String URL = "http://192.0.2.10:8700/console/vnc_lite.html?path=%3Ftoken%3Dabc";

    @Test
    void protocolsAndTypesStackboxServes() {
        assertThat(ConsoleRoutes.kind("vnc", "novnc")).isEqualTo(ConsoleType.NOVNC);
        assertThat(ConsoleRoutes.kind("serial", "serial")).isEqualTo(ConsoleType.SERIAL);
    }

    @Test
    void everyOtherConsoleIsRefusedWithNovasMessage() {
        Map<String, String> refusals = Map.of(
                "vnc/xvpvnc", "Invalid console type xvpvnc",
                "vnc/serial", "Invalid console type serial",
                "serial/novnc", "Invalid console type novnc",
                "spice/spice-html5", "Unavailable console type spice-html5.",
                "mks/webmks", "Unavailable console type webmks.",
                "rdp/rdp-html5", "Unavailable console type rdp.");
        refusals.forEach((request, message) -> {
            String[] parts = request.split("/");
            assertThatThrownBy(() -> ConsoleRoutes.kind(parts[0], parts[1])).as(request)
                    .isInstanceOf(ApiException.class).hasMessage(message);
        });
    }

    @Test
    void bodiesHaveNovasShapes() {
        assertThat(Json.write(Map.of("console", ConsoleRoutes.consoleBody(ConsoleType.NOVNC, URL))))
                .isEqualTo("{\"console\":{\"type\":\"novnc\",\"url\":\"" + URL + "\"}}");
        assertThat(Json.write(Map.of("console", ConsoleRoutes.consoleBody(ConsoleType.SERIAL, "ws://h/s"))))
                .isEqualTo("{\"console\":{\"type\":\"serial\",\"url\":\"ws://h/s\"}}");
    }
}
