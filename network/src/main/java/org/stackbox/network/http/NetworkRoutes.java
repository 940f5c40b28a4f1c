package org.stackbox.network.http;

import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Authorization;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.network.NetworkCommands.NetworkChanges;
import org.stackbox.network.NetworkCommands.NewNetwork;
import org.stackbox.network.NetworkService;
import org.stackbox.network.model.Network;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/networks}: list, show, create, update, delete. */
final class NetworkRoutes {
    private static final String BASE = "/v2.0/networks";
    private static final Set<String> CREATE = Set.of("name", "description", "admin_state_up", "shared", "tenant_id",
            "project_id", "mtu", "router:external");
    private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up", "shared", "mtu",
            "router:external");

    private final NetworkService networks;
    private final String networkUrl;

    NetworkRoutes(NetworkService networks, String networkUrl) {
        this.networks = requireNonNull(networks, "networks is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_network", this::list);
        routes.post(BASE, Authorization.withAttributes("create_network", "network", Map.of(
                "shared", "create_network:shared", "router:external", "create_network:router:external"), false),
                (context, caller) -> new BulkCreate<Network>("network", body -> create(body, caller),
                        network -> networks.deleteNetwork(caller, network.id()), this::view).create(context));
        routes.get(BASE + "/{id}", "get_network", (context, caller) -> Responses.ok(context, Map.of("network",
                query(context).trimmed(view(networks.getNetwork(caller, context.pathParam("id")))))));
        routes.put(BASE + "/{id}", Authorization.withAttributes("update_network", "network", Map.of(
                "shared", "update_network:shared", "router:external", "update_network:router:external"), true), this::update);
        routes.delete(BASE + "/{id}", "delete_network", (context, caller) -> {
            networks.deleteNetwork(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
    }

    private void list(Context context, Caller caller) {
        Map<String, List<String>> subnets = networks.subnetIdsByNetwork();
        List<Map<String, Object>> views = networks.listNetworks(caller).stream()
                .map(network -> NeutronViews.network(network, subnets.getOrDefault(network.id(), List.of())))
                .toList();
        Responses.ok(context, query(context).apply("networks", views, NeutronViews.NETWORK_ATTRIBUTES,
                networkUrl + BASE));
    }

    private Network create(byte[] body, Caller caller) {
        Attributes attributes = Attributes.of(body, "network", CREATE);
        return networks.createNetwork(caller, new NewNetwork(
                attributes.string("project_id").or(() -> attributes.string("tenant_id")),
                attributes.string("name").orElse(""), attributes.string("description").orElse(""),
                attributes.bool("admin_state_up").orElse(true), attributes.bool("shared").orElse(false),
                attributes.bool("router:external").orElse(false), attributes.nonNegative("mtu")));
    }

    private void update(Context context, Caller caller) {
        Attributes attributes = Attributes.ofUpdate(context.bodyAsBytes(), "network", UPDATE, NeutronViews.NETWORK_ATTRIBUTES);
        Network network = networks.updateNetwork(caller, context.pathParam("id"), new NetworkChanges(
                attributes.string("name"), attributes.string("description"), attributes.bool("admin_state_up"),
                attributes.bool("shared"), attributes.bool("router:external"), attributes.nonNegative("mtu")));
        Responses.ok(context, Map.of("network", view(network)));
    }

    private Map<String, Object> view(Network network) {
        return NeutronViews.network(network, networks.subnetIdsByNetwork().getOrDefault(network.id(), List.of()));
    }

    static ListQuery query(Context context) {
        return new ListQuery(context.queryParamMap());
    }
}
