package org.stackbox.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * The URLs that Nova's console calls answer with, on Stackbox's console proxy (the compute API puts them in its
 * {@code console} and {@code remote_console} bodies). The noVNC URL has the shape nova-novncproxy gives
 * ({@code .../vnc_lite.html?path=%3Ftoken%3D<token>}); the serial URL is a websocket URL
 * ({@code ws://.../console/serial?token=<token>}), as nova-serialproxy gives.
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
}
