package org.stackbox.compute.http;

import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.ServiceException;
import org.stackbox.compute.ServerOperations;
import org.stackbox.compute.model.Server;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code /servers/{id}/ips}: a server's addresses by network name, and those on one network, as Nova's ips API shows
 * them (version and address only, without the server view's type and MAC).
 */
final class ServerIpsRoutes {
    private static final String BASE = "/v2.1/servers/{id}/ips";

    private final ServerOperations servers;

    ServerIpsRoutes(ServerOperations servers) {
        this.servers = requireNonNull(servers, "servers is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "os_compute_api:ips:index", (context, caller) -> Responses.ok(context,
                Map.of("addresses", addresses(servers.servers().get(caller, context.pathParam("id"))))));
        routes.get(BASE + "/{network}", "os_compute_api:ips:show", (context, caller) -> {
            String network = context.pathParam("network");
            Map<String, List<Map<String, Object>>> addresses =
                    addresses(servers.servers().get(caller, context.pathParam("id")));
            if (!addresses.containsKey(network)) {
                throw ServiceException.notFound("Instance is not a member of specified network");
            }
            Responses.ok(context, Map.of(network, addresses.get(network)));
        });
    }

    private Map<String, List<Map<String, Object>>> addresses(Server server) {
        return ServerAddresses.addresses(servers.interfaces().of(server), false);
    }
}
