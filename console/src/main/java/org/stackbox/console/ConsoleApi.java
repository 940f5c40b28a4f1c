package org.stackbox.console;

import org.stackbox.common.StackboxException;
import org.stackbox.api.Faults;
import org.stackbox.api.ApiException;
import io.javalin.http.Context;
import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.ConsoleType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * The console proxy under {@code /console}, Stackbox's nova-novncproxy and nova-serialproxy in one:
 * <ul>
 * <li>{@code GET /console/vnc_lite.html?path=%3Ftoken%3D<token>} (and {@code vnc_auto.html?token=<token>}, the older
 *     shape): the console page, built on noVNC's RFB client;
 * <li>{@code GET /console/novnc/<file>}: noVNC's own files;
 * <li>{@code GET /console/authorization?token=<token>[&type=serial]}: what the token opens, or a fault saying why it
 *     opens nothing (the page shows that message);
 * <li>websockets {@code /console/websockify?token=<token>} (VNC) and {@code /console/serial?token=<token>}.
 * </ul>
 * Every route is public: the console token is the credential, as in Nova.
 */
public final class ConsoleApi implements ServiceApi, AutoCloseable {
    public static final String PREFIX = "/console";
    static final String VNC_PAGE = "/vnc_lite.html";
    static final String VNC_WEBSOCKET = "/websockify";
    static final String SERIAL_WEBSOCKET = "/serial";

    private final ConsoleConfig config;
    private final ConsoleGate gate;
    private final ConsoleProxy vnc;
    private final ConsoleProxy serial;
    private final ScheduledExecutorService timer;

    public ConsoleApi(ConsoleConfig config, ConsoleAuthorizations authorizations, ConsoleTargets targets) {
        this.config = requireNonNull(config, "config is null");
        this.gate = new ConsoleGate(authorizations, targets);
        OriginPolicy origins = new OriginPolicy(config.publicUrl(), config.allowedOrigins());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "console-pings");
            thread.setDaemon(true);
            return thread;
        });
        this.vnc = new ConsoleProxy(ConsoleType.NOVNC, gate, origins, timer);
        this.serial = new ConsoleProxy(ConsoleType.SERIAL, gate, origins, timer);
    }

    /** Stops the proxy's timer; open consoles are closed by the HTTP server that carries them. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.OPENSTACK;
    }

    @Override
    public ApiException fault(StackboxException failure) {
        return Faults.byKind(failure);
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet(VNC_PAGE, context -> StaticFiles.resource(context, "console.html"));
        routes.publicGet("/vnc_auto.html", context -> StaticFiles.resource(context, "console.html"));
        routes.publicGet("/console.js", context -> StaticFiles.resource(context, "console.js"));
        routes.publicGet("/console.css", context -> StaticFiles.resource(context, "console.css"));
        routes.publicGet("/novnc/<file>", context ->
                StaticFiles.file(context, config.noVncDirectory(), context.pathParam("file")));
        routes.publicGet("/authorization", this::authorization);
        routes.webSocket(VNC_WEBSOCKET, vnc::authorizeUpgrade, vnc::handlers);
        routes.webSocket(SERIAL_WEBSOCKET, serial::authorizeUpgrade, serial::handlers);
    }

    private void authorization(Context context) {
        String typeName = context.queryParam("type");
        ConsoleType type = typeName == null ? ConsoleType.NOVNC : ConsoleType.fromTypeName(typeName);
        ConsoleToken token = gate.admit(context.queryParam("token"), type).token();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("server_id", token.serverId());
        body.put("type", token.type().typeName());
        body.put("expires_at", token.expiresAt().toString());
        context.header("Cache-Control", "no-store");
        Responses.ok(context, Map.of("authorization", body));
    }
}
