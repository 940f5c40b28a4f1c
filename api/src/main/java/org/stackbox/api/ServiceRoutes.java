package org.stackbox.api;

import org.stackbox.common.auth.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;

import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The routes of one service: paths are relative to its prefix, and every route is either public or gets the
 * authenticated {@link Caller}; there is no third kind, so no route can forget authentication.
 */
public final class ServiceRoutes {
    @FunctionalInterface
    public interface CallerHandler {
        void handle(Context context, Caller caller) throws Exception;
    }

    private final String prefix;
    private final RoutesConfig routes;
    private final RequestAuthenticator authenticator;

    ServiceRoutes(String prefix, RoutesConfig routes, RequestAuthenticator authenticator) {
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.routes = requireNonNull(routes, "routes is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    public String prefix() {
        return prefix;
    }

    public void publicGet(String path, Handler handler) {
        routes.get(prefix + path, handler);
    }

    public void publicHead(String path, Handler handler) {
        routes.head(prefix + path, handler);
    }

    public void publicPost(String path, Handler handler) {
        routes.post(prefix + path, handler);
    }

    public void get(String path, CallerHandler handler) {
        routes.get(prefix + path, authenticated(handler));
    }

    public void head(String path, CallerHandler handler) {
        routes.head(prefix + path, authenticated(handler));
    }

    public void post(String path, CallerHandler handler) {
        routes.post(prefix + path, authenticated(handler));
    }

    public void put(String path, CallerHandler handler) {
        routes.put(prefix + path, authenticated(handler));
    }

    public void patch(String path, CallerHandler handler) {
        routes.patch(prefix + path, authenticated(handler));
    }

    public void delete(String path, CallerHandler handler) {
        routes.delete(prefix + path, authenticated(handler));
    }

    /**
     * A websocket endpoint. Websockets carry no {@code X-Auth-Token} (browsers cannot send one), so the endpoint
     * names its own check: {@code beforeUpgrade} runs on the HTTP upgrade request and refuses it by throwing (an
     * {@code ApiException} becomes the usual fault body); only when it returns is the websocket opened.
     */
    public void webSocket(String path, Handler beforeUpgrade, Consumer<WsConfig> handlers) {
        requireNonNull(beforeUpgrade, "beforeUpgrade is null");
        requireNonNull(handlers, "handlers is null");
        routes.wsBeforeUpgrade(prefix + path, beforeUpgrade);
        routes.ws(prefix + path, handlers);
    }

    private Handler authenticated(CallerHandler handler) {
        return context -> handler.handle(context, authenticator.require(context));
    }
}
