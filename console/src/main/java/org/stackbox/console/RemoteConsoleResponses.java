package org.stackbox.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The bodies of Nova's console calls, with URLs on Stackbox's console proxy:
 * <ul>
 * <li>{@code os-getVNCConsole} and {@code os-getSerialConsole} actions (microversions up to 2.5):
 *     {@code {"console": {"type": "novnc", "url": ...}}};
 * <li>{@code POST /servers/{id}/remote-consoles} (2.6 and later):
 *     {@code {"remote_console": {"protocol": "vnc", "type": "novnc", "url": ...}}}.
 * </ul>
 * The noVNC URL has the shape nova-novncproxy gives ({@code .../vnc_lite.html?path=%3Ftoken%3D<token>}); the serial
 * URL is a websocket URL ({@code ws://.../console/serial?token=<token>}), as nova-serialproxy gives.
 */
public final class RemoteConsoleResponses {
    private final String consoleBaseUrl;

    public RemoteConsoleResponses(ConsoleConfig config) {
        this.consoleBaseUrl = requireNonNull(config, "config is null").consoleBaseUrl();
    }

    /** The URL a client opens for {@code token}. */
    public String url(ConsoleToken token) {
        String value = URLEncoder.encode(token.value(), StandardCharsets.UTF_8);
        switch (token.type()) {
            case NOVNC:
                return consoleBaseUrl + ConsoleApi.VNC_PAGE + "?path="
                        + URLEncoder.encode("?token=" + value, StandardCharsets.UTF_8);
            case SERIAL:
                return consoleBaseUrl.replaceFirst("^http", "ws") + ConsoleApi.SERIAL_WEBSOCKET + "?token=" + value;
        }
        throw new IllegalArgumentException("Unknown console type " + token.type());
    }

    /** The answer to {@code os-getVNCConsole} / {@code os-getSerialConsole}. */
    public Map<String, Object> console(ConsoleToken token) {
        Map<String, Object> console = new LinkedHashMap<>();
        console.put("type", token.type().typeName());
        console.put("url", url(token));
        return Map.of("console", console);
    }

    /** The answer to {@code POST /servers/{id}/remote-consoles}. */
    public Map<String, Object> remoteConsole(ConsoleToken token) {
        Map<String, Object> console = new LinkedHashMap<>();
        console.put("protocol", token.type().protocol());
        console.put("type", token.type().typeName());
        console.put("url", url(token));
        return Map.of("remote_console", console);
    }
}
