package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.ServerOperations;
import org.stackbox.compute.model.Server;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code /servers/{id}/metadata}, Nova's server metadata API: list, set some, replace all, show, set and delete one
 * item. Stackbox's SSH forward shows as the value of the {@code stackbox:ssh_forward} item of a server that has one
 * (see {@link ServerAddresses#shownMetadata}).
 */
final class ServerMetadataRoutes {
    private static final String BASE = "/v2.1/servers/{id}/metadata";
    private static final String RULE = "os_compute_api:server-metadata:";

    private final ServerOperations servers;

    ServerMetadataRoutes(ServerOperations servers) {
        this.servers = requireNonNull(servers, "servers is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, RULE + "index", (context, caller) -> {
            Server server = server(context, caller);
            Responses.ok(context, Map.of("metadata", shown(server, server.metadata())));
        });
        routes.post(BASE, RULE + "create", (context, caller) -> set(context, caller, false));
        routes.put(BASE, RULE + "update_all", (context, caller) -> set(context, caller, true));
        routes.get(BASE + "/{key}", RULE + "show", (context, caller) -> {
            String key = context.pathParam("key");
            Server server = server(context, caller);
            Map<String, String> metadata = shown(server, server.metadata());
            if (!metadata.containsKey(key)) {
                throw ServiceException.notFound("Metadata item was not found");
            }
            Responses.ok(context, Map.of("meta", Map.of(key, metadata.get(key))));
        });
        routes.put(BASE + "/{key}", RULE + "update", (context, caller) -> {
            String key = context.pathParam("key");
            Map<String, String> item = MetadataSchema.metaBody(Json.parseObject(context.bodyAsBytes()), key);
            Map<String, String> metadata = servers.servers().setMetadata(caller, context.pathParam("id"), item, false);
            Responses.ok(context, Map.of("meta", Map.of(key, shown(server(context, caller), metadata).get(key))));
        });
        routes.delete(BASE + "/{key}", RULE + "delete", (context, caller) -> {
            servers.servers().deleteMetadata(caller, context.pathParam("id"), context.pathParam("key"));
            Responses.noContent(context);
        });
    }

    private void set(Context context, Caller caller, boolean replaceAll) {
        Map<String, String> items = MetadataSchema.metadataBody(Json.parseObject(context.bodyAsBytes()));
        Map<String, String> metadata = servers.servers().setMetadata(caller, context.pathParam("id"), items, replaceAll);
        Responses.ok(context, Map.of("metadata", shown(server(context, caller), metadata)));
    }

    private Server server(Context context, Caller caller) {
        return servers.servers().get(caller, context.pathParam("id"));
    }

    private Map<String, String> shown(Server server, Map<String, String> metadata) {
        return ServerAddresses.shownMetadata(metadata, servers.interfaces().of(server));
    }
}
