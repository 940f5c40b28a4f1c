package org.stackbox.api;

import org.stackbox.common.auth.Authenticator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.stackbox.common.DataDirectoryFull;
import org.stackbox.common.Json;
import org.stackbox.common.CurrentRequest;
import org.stackbox.common.StackboxException;

import org.stackbox.policy.Policies;
import org.stackbox.policy.RuleSet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The one HTTP server of a Stackbox process: every service's routes under its prefix, with the plumbing they
 * share: request ids, the access log, authentication, and OpenStack fault bodies for every error.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger ACCESS_LOG = LoggerFactory.getLogger("stackbox.access");
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String REQUEST_ID = "x-openstack-request-id";
    private static final java.util.regex.Pattern TOKEN_IN_QUERY =
            java.util.regex.Pattern.compile("((?:^|&|%3F|%26)token(?:=|%3D))[^&%]*", java.util.regex.Pattern.CASE_INSENSITIVE);

    private final Javalin javalin;
    private final List<ServiceApi> services;
    private final String identityUrl;
    private final List<AuthorizedRoute> authorizedRoutes = new java.util.ArrayList<>();
    private volatile boolean ready;

    public ApiServer(List<ServiceApi> services, Authenticator authenticator, String identityUrl) {
        this(services, authenticator, identityUrl, Policies.defaults());
    }

    /** With the operator's rules ({@code policy.yaml}) over the defaults. */
    public ApiServer(List<ServiceApi> services, Authenticator authenticator, String identityUrl, Policies policies) {
        requireNonNull(policies, "policies is null");
        this.services = List.copyOf(services);
        this.identityUrl = requireNonNull(identityUrl, "identityUrl is null");
        RequestAuthenticator requestAuthenticator = new RequestAuthenticator(authenticator);
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.router.ignoreTrailingSlashes = true;
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.http.defaultContentType = "application/json";
            // Image uploads arrive through this buffer: 64 KiB (the largest Jetty pools) reads a gibibyte in a
            // sixteenth as many system calls as the default 8 KiB.
            config.jetty.modifyHttpConfiguration(http -> http.setInputBufferSize(64 * 1024));
            JsonErrorPages errorPages = new JsonErrorPages(this::styleFor);
            config.jetty.modifyServer(server -> server.setErrorHandler(errorPages));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errorPages));
            config.requestLogger.http(this::logAccess);
            config.routes.before(this::assignRequestId);
            config.routes.before(this::refuseUntilReady);
            config.routes.after(context -> {
                MDC.clear();
                CurrentRequest.end();
            });
            for (ServiceApi service : this.services) {
                if (service.microversions().isPresent() || !service.requestIdHeaders().isEmpty()) {
                    config.routes.before(service.prefix() + "/*", context -> {
                        for (String header : service.requestIdHeaders()) {
                            context.header(header, context.res().getHeader(REQUEST_ID));
                        }
                        service.microversions().ifPresent(versions -> versions.negotiate(context));
                    });
                }
                if (!service.bodyMediaTypes().isEmpty()) {
                    config.routes.before(service.prefix() + "/*", context -> refuseMediaType(context, service.bodyMediaTypes()));
                }
                RuleSet rules = service.policy().map(policies::service)
                        .orElseGet(() -> RuleSet.of(service.prefix(), Map.of()));
                ServiceRoutes routes = new ServiceRoutes(service.prefix(), config.routes, requestAuthenticator, rules,
                        service.projectScoped());
                service.register(routes);
                authorizedRoutes.addAll(routes.authorizedRoutes());
            }
            config.routes.exception(ApiException.class, (failure, context) -> fault(context, failure));
            config.routes.exception(StackboxException.class, (failure, context) -> {
                if (DataDirectoryFull.causes(failure)) {
                    answerDataDirectoryFull(context, failure);
                    return;
                }
                ApiException answer = answer(context, failure);
                if (answer.code().category() == HttpFault.Category.INTERNAL_ERROR) {
                    LOG.error("{} {} failed", context.method(), context.path(), failure);
                }
                fault(context, answer);
            });
            config.routes.exception(Exception.class, (failure, context) -> {
                if (DataDirectoryFull.causes(failure)) {
                    answerDataDirectoryFull(context, failure);
                    return;
                }
                LOG.error("Unexpected failure in {} {}", context.method(), context.path(), failure);
                fault(context, HttpFault.INTERNAL, "An unexpected error prevented the server from fulfilling your request.");
            });
            config.routes.exception(HttpResponseException.class, (failure, context) -> fault(context,
                    HttpFault.fromStatus(failure.getStatus()), failure.getStatus() == 404
                            ? "The resource could not be found."
                            : failure.getStatus() == 405
                            ? "The method %s is not allowed for %s.".formatted(context.method(), context.path())
                            : failure.getMessage()));
        });
    }

    /** Every authenticated route of every service, with the rules it is checked against. */
    public List<AuthorizedRoute> authorizedRoutes() {
        return List.copyOf(authorizedRoutes);
    }

    /** Starts listening; port 0 picks a free one, see {@link #port()}. */
    public void start(String host, int port) {
        javalin.start(host, port);
    }

    /** Lets requests through; until then every request answers 503, while the database is being prepared. */
    public void markReady() {
        ready = true;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }

    /** A request with a body in a media type the service does not read: Nova's and Cinder's 415. */
    private static void refuseMediaType(Context context, Set<String> mediaTypes) {
        String contentType = context.contentType();
        if (contentType == null || contentType.isBlank() || context.contentLength() <= 0) {
            return;
        }
        String mediaType = contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!mediaTypes.contains(mediaType)) {
            throw new ApiException(HttpFault.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type");
        }
    }

    private void assignRequestId(Context context) {
        String requestId = "req-" + UUID.randomUUID();
        context.header(REQUEST_ID, requestId);
        MDC.put("requestId", requestId);
        CurrentRequest.start(requestId);
    }

    private void refuseUntilReady(Context context) {
        if (!ready) {
            context.header("Retry-After", "1");
            throw new ApiException(HttpFault.SERVICE_UNAVAILABLE, "Stackbox is starting; try again in a moment.");
        }
    }

    /** The service's answer to a failure from the layers below, in the one place each service maps them. */
    private ApiException answer(Context context, StackboxException failure) {
        return serviceFor(context.path()).map(service -> service.fault(failure))
                .orElseGet(() -> Faults.byKind(failure));
    }

    /** No space left, wherever it was found (database, files, qemu-img): one failure, the service's own 503. */
    private void answerDataDirectoryFull(Context context, Exception failure) {
        LOG.warn("{} {} failed: the data directory is full ({})", context.method(), context.path(), failure.toString());
        fault(context, answer(context, DataDirectoryFull.failure(failure)));
    }

    private void fault(Context context, HttpFault code, String message) {
        fault(context, code, message, java.util.Optional.empty());
    }

    private void fault(Context context, ApiException failure) {
        fault(context, failure.code(), failure.getMessage(), failure.faultType());
    }

    private void fault(Context context, HttpFault code, String message, java.util.Optional<String> type) {
        FaultStyle style = styleFor(context.path());
        if (code == HttpFault.UNAUTHORIZED) {
            context.header("WWW-Authenticate", "Keystone uri=\"%s\"".formatted(identityUrl));
        }
        context.status(code.status()).contentType("application/json")
                .result(Json.writeBytes(style.body(code, message, type)));
    }

    private FaultStyle styleFor(String path) {
        return serviceFor(path).map(ServiceApi::faultStyle).orElse(FaultStyle.OPENSTACK);
    }

    private java.util.Optional<ServiceApi> serviceFor(String path) {
        for (ServiceApi service : services) {
            if (path.equals(service.prefix()) || path.startsWith(service.prefix() + "/")) {
                return java.util.Optional.of(service);
            }
        }
        return java.util.Optional.empty();
    }

    /** Console tokens travel in query strings; the log keeps that a token was there, not the token. */
    static String redactTokens(String query) {
        return TOKEN_IN_QUERY.matcher(query).replaceAll("$1***");
    }

    private void logAccess(Context context, Float millis) {
        String query = context.queryString() == null ? "" : "?" + redactTokens(context.queryString());
        ACCESS_LOG.info("{} \"{} {}{}\" {} {}ms {}", context.ip(), context.method(), context.path(), query,
                context.statusCode(), Math.round(millis), context.res().getHeader(REQUEST_ID));
    }
}
