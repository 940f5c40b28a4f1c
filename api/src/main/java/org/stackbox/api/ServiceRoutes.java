package org.stackbox.api;

import org.stackbox.common.auth.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;

import org.stackbox.policy.Credentials;
import org.stackbox.policy.PolicyException;
import org.stackbox.policy.RuleSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The routes of one service: paths are relative to its prefix, and every route is either public or gets the
 * authenticated {@link Caller} after its policy rule allowed the call; there is no third kind, so no route can
 * forget authentication or authorization. In a project-scoped service, a token without a project is refused before
 * any rule is read. The route's own target values (a quota's project, an identity path's user ...) take precedence
 * over the caller's project and user. A rule the service's rules do not hold stops the registration (and so
 * the start).
 */
public final class ServiceRoutes {
    @FunctionalInterface
    public interface CallerHandler {
        void handle(Context context, Caller caller) throws Exception;
    }

    private final String prefix;
    private final RoutesConfig routes;
    private final RequestAuthenticator authenticator;
    private final RuleSet rules;
    private final boolean projectScoped;
    private final List<AuthorizedRoute> registered = new ArrayList<>();

    ServiceRoutes(String prefix, RoutesConfig routes, RequestAuthenticator authenticator, RuleSet rules,
                  boolean projectScoped) {
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.routes = requireNonNull(routes, "routes is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.projectScoped = projectScoped;
    }

    /** The authenticated routes registered so far, in their order of registration. */
    public List<AuthorizedRoute> authorizedRoutes() {
        return List.copyOf(registered);
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

    public void get(String path, String rule, CallerHandler handler) {
        get(path, Authorization.rule(rule), handler);
    }

    public void get(String path, Authorization authorization, CallerHandler handler) {
        routes.get(prefix + path, authorized("GET", path, authorization, handler));
    }

    public void head(String path, String rule, CallerHandler handler) {
        head(path, Authorization.rule(rule), handler);
    }

    public void head(String path, Authorization authorization, CallerHandler handler) {
        routes.head(prefix + path, authorized("HEAD", path, authorization, handler));
    }

    public void post(String path, String rule, CallerHandler handler) {
        post(path, Authorization.rule(rule), handler);
    }

    public void post(String path, Authorization authorization, CallerHandler handler) {
        routes.post(prefix + path, authorized("POST", path, authorization, handler));
    }

    public void put(String path, String rule, CallerHandler handler) {
        put(path, Authorization.rule(rule), handler);
    }

    public void put(String path, Authorization authorization, CallerHandler handler) {
        routes.put(prefix + path, authorized("PUT", path, authorization, handler));
    }

    public void patch(String path, String rule, CallerHandler handler) {
        patch(path, Authorization.rule(rule), handler);
    }

    public void patch(String path, Authorization authorization, CallerHandler handler) {
        routes.patch(prefix + path, authorized("PATCH", path, authorization, handler));
    }

    public void delete(String path, String rule, CallerHandler handler) {
        delete(path, Authorization.rule(rule), handler);
    }

    public void delete(String path, Authorization authorization, CallerHandler handler) {
        routes.delete(prefix + path, authorized("DELETE", path, authorization, handler));
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

    private Handler authorized(String method, String path, Authorization authorization, CallerHandler handler) {
        requireNonNull(authorization, "authorization is null");
        requireNonNull(handler, "handler is null");
        for (String rule : authorization.names()) {
            if (!rules.contains(rule)) {
                throw new IllegalStateException("%s %s%s names the rule %s, which the %s policy does not define"
                        .formatted(method, prefix, path, rule, rules.service()));
            }
        }
        registered.add(new AuthorizedRoute(rules.service(), method, prefix + path, authorization));
        return context -> {
            Caller caller = authenticator.require(context);
            List<String> checked = authorization.rules(context);
            if (projectScoped && !caller.isProjectScoped()) {
                throw new PolicyException(checked.isEmpty() ? authorization.names().get(0) : checked.get(0));
            }
            Credentials credentials = Credentials.of(caller);
            Map<String, String> target = new HashMap<>();
            if (caller.projectId() != null) {
                target.put("project_id", caller.projectId());
            }
            target.put("user_id", caller.userId());
            target.putAll(authorization.target(context, caller));
            for (String rule : checked) {
                rules.enforce(rule, credentials, target);
            }
            handler.handle(context, caller);
        };
    }
}
