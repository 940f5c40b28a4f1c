package org.stackbox.console;

import io.javalin.http.Context;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackbox.common.ConsoleType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The websocket side of one kind of console. The upgrade request is checked (origin, token, running server) before
 * the websocket opens; only then does {@link #connect} open the server's socket. Several viewers can watch one
 * server: each VNC viewer gets its own relay (QEMU's VNC server shares the screen among its clients), serial viewers
 * share the server's one serial connection ({@link SerialFanOut}). An idle console (a still screen, a quiet serial
 * port) is kept open by a ping every {@value #PING_SECONDS} seconds, sent from the proxy's own timer (Javalin's
 * automatic pings run on a thread of its own that nothing stops, which keeps a JVM from exiting).
 */
final class ConsoleProxy {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProxy.class);
    private static final long PING_SECONDS = 20;

    private final ConsoleType type;
    private final ConsoleGate gate;
    private final OriginPolicy origins;
    private final ScheduledExecutorService timer;
    private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
    private final SerialFanOut serialPorts = new SerialFanOut();

    /** A connected viewer: its end of the console, and its pings. */
    private record Viewer(ConsoleConnection connection, ScheduledFuture<?> pings) {
        void close() {
            pings.cancel(false);
            connection.close();
        }
    }

    ConsoleProxy(ConsoleType type, ConsoleGate gate, OriginPolicy origins, ScheduledExecutorService timer) {
        this.type = requireNonNull(type, "type is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.origins = requireNonNull(origins, "origins is null");
        this.timer = requireNonNull(timer, "timer is null");
    }

    /** Runs on the HTTP upgrade request: throwing refuses it, and no websocket is opened. */
    void authorizeUpgrade(Context context) {
        origins.require(context.header("Origin"));
        gate.admit(context.queryParam("token"), type);
    }

    void handlers(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onBinaryMessage(context -> fromViewer(context, context.data()));
        ws.onMessage(context -> {
            if (type == ConsoleType.SERIAL) {
                fromViewer(context, ByteBuffer.wrap(context.message().getBytes(StandardCharsets.UTF_8)));
            } else {
                context.closeSession(WsCloseStatus.UNSUPPORTED_DATA, "A VNC console takes binary messages only.");
            }
        });
        ws.onClose(context -> disconnect(context.sessionId()));
        ws.onError(context -> disconnect(context.sessionId()));
    }

    private void connect(WsConnectContext context) {
        ConsoleGate.Admission admission;
        try {
            // Checked again: the token may have expired or the server stopped since the upgrade was authorized.
            admission = gate.admit(context.queryParam("token"), type);
        } catch (ConsoleRefusedException e) {
            context.closeSession(WsCloseStatus.POLICY_VIOLATION, e.getMessage());
            return;
        }
        String serverId = admission.token().serverId();
        Path socket = type == ConsoleType.NOVNC ? admission.endpoints().vncSocket() : admission.endpoints().serialSocket();
        ConsoleConnection connection;
        try {
            connection = type == ConsoleType.NOVNC
                    ? ConsoleRelay.open(socket, context.session, "console-" + type.typeName() + "-" + serverId)
                    : serialPorts.join(serverId, socket, context.session);
        } catch (IOException e) {
            LOG.warn("Cannot open the {} console of server {} at {}", type.typeName(), serverId, socket, e);
            context.closeSession(WsCloseStatus.SERVER_ERROR, "The server's console does not answer.");
            return;
        }
        Session session = context.session;
        viewers.put(context.sessionId(), new Viewer(connection, timer.scheduleWithFixedDelay(
                () -> session.sendPing(ByteBuffer.allocate(0), Callback.NOOP), PING_SECONDS, PING_SECONDS,
                TimeUnit.SECONDS)));
        LOG.info("{} console of server {} opened ({} {} viewers on this host now)", type.typeName(), serverId,
                viewers.size(), type.typeName());
    }

    private void fromViewer(WsContext context, ByteBuffer data) {
        Viewer viewer = viewers.get(context.sessionId());
        if (viewer == null) {
            return;
        }
        try {
            viewer.connection().toConsole(data);
        } catch (IOException e) {
            context.closeSession(WsCloseStatus.NORMAL_CLOSURE, "The console closed: the server stopped.");
        }
    }

    private void disconnect(String sessionId) {
        Viewer viewer = viewers.remove(sessionId);
        if (viewer != null) {
            viewer.close();
        }
    }
}
