package org.stackbox.network.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.network.RouterCommands.GatewayRequest;
import org.stackbox.network.RouterCommands.InterfaceRequest;
import org.stackbox.network.RouterCommands.NewRouter;
import org.stackbox.network.RouterCommands.RouterChanges;
import org.stackbox.network.RouterCommands.RouterInterface;
import org.stackbox.network.RouterService;
import org.stackbox.network.model.HostRoute;
import org.stackbox.network.model.Router;
import org.stackbox.network.spi.NeutronException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/routers}: list, show, create, update (its extra {@code routes} too), delete, add or remove an
 * interface, and add or remove extra routes ({@code extraroute-atomic}).
 */
final class RouterRoutes {
    private static final String BASE = "/v2.0/routers";
    static final Set<String> ATTRIBUTES = Set.of("id", "name", "description", "tenant_id", "project_id",
            "admin_state_up", "status", "external_gateway_info", "routes", "tags", "created_at", "updated_at",
            "revision_number");
    private static final Set<String> CREATE = Set.of("name", "description", "admin_state_up", "tenant_id",
            "project_id", "external_gateway_info");
    private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up", "external_gateway_info",
            "routes");
    private static final Set<String> EXTRA_ROUTES = Set.of("routes");
    private static final Set<String> GATEWAY = Set.of("network_id", "enable_snat", "external_fixed_ips");
    private static final Set<String> INTERFACE = Set.of("subnet_id", "port_id");

    private final RouterService routers;
    private final String networkUrl;

    RouterRoutes(RouterService routers, String networkUrl) {
        this.routers = requireNonNull(routers, "routers is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_router", (context, caller) -> Responses.ok(context, NetworkRoutes.query(context).apply(
                "routers", routers.listRouters(caller).stream().map(this::view).toList(), ATTRIBUTES,
                networkUrl + BASE)));
        routes.post(BASE, "create_router", this::create);
        routes.get(BASE + "/{id}", "get_router", (context, caller) -> Responses.ok(context, Map.of("router",
                NetworkRoutes.query(context).trimmed(view(routers.getRouter(caller, context.pathParam("id")))))));
        routes.put(BASE + "/{id}", "update_router", this::update);
        routes.delete(BASE + "/{id}", "delete_router", (context, caller) -> {
            routers.deleteRouter(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
        routes.put(BASE + "/{id}/add_router_interface", "add_router_interface", (context, caller) ->
                Responses.ok(context, interfaceView(routers.addInterface(caller, context.pathParam("id"),
                        interfaceRequest(context.bodyAsBytes())))));
        routes.put(BASE + "/{id}/remove_router_interface", "remove_router_interface", (context, caller) ->
                Responses.ok(context, interfaceView(routers.removeInterface(caller, context.pathParam("id"),
                        interfaceRequest(context.bodyAsBytes())))));
        routes.put(BASE + "/{id}/add_extraroutes", "add_extraroutes", (context, caller) ->
                Responses.ok(context, Map.of("router", view(routers.addExtraRoutes(caller, context.pathParam("id"),
                        extraRoutes(context.bodyAsBytes()))))));
        routes.put(BASE + "/{id}/remove_extraroutes", "remove_extraroutes", (context, caller) ->
                Responses.ok(context, Map.of("router", view(routers.removeExtraRoutes(caller,
                        context.pathParam("id"), extraRoutes(context.bodyAsBytes()))))));
    }

    private void create(Context context, Caller caller) {
        Attributes attributes = Attributes.of(context.bodyAsBytes(), "router", CREATE);
        Router router = routers.createRouter(caller, new NewRouter(
                attributes.string("project_id").or(() -> attributes.string("tenant_id")),
                attributes.string("name").orElse(""), attributes.string("description").orElse(""),
                attributes.bool("admin_state_up").orElse(true), gateway(attributes).flatMap(given -> given)));
        Responses.created(context, Map.of("router", view(router)));
    }

    private void update(Context context, Caller caller) {
        Attributes attributes = Attributes.ofUpdate(context.bodyAsBytes(), "router", UPDATE, ATTRIBUTES);
        Router router = routers.updateRouter(caller, context.pathParam("id"), new RouterChanges(
                attributes.string("name"), attributes.string("description"), attributes.bool("admin_state_up"),
                gateway(attributes), attributes.has("routes") ? Optional.of(RouteList.read(attributes.raw("routes")))
                        : Optional.empty()));
        Responses.ok(context, Map.of("router", view(router)));
    }

    /** {@code external_gateway_info}: absent (keep), null or {@code {}} (remove), or a network to reach. */
    private static Optional<Optional<GatewayRequest>> gateway(Attributes attributes) {
        if (!attributes.has("external_gateway_info")) {
            return Optional.empty();
        }
        Optional<JsonNode> raw = attributes.raw("external_gateway_info");
        if (raw.isEmpty() || (raw.get().isObject() && raw.get().isEmpty())) {
            return Optional.of(Optional.empty());
        }
        if (!(raw.get() instanceof ObjectNode object)) {
            throw Attributes.invalid("external_gateway_info", "'%s' is not a dictionary".formatted(raw.get()));
        }
        Attributes gateway = Attributes.of(object, GATEWAY);
        String networkId = gateway.string("network_id").orElseThrow(() -> Attributes.invalid("external_gateway_info",
                "Validation of dictionary's keys failed. Expected keys: {'network_id'}"));
        if (!Attributes.isUuid(networkId)) {
            throw Attributes.invalid("external_gateway_info", "'%s' is not a valid UUID".formatted(networkId));
        }
        return Optional.of(Optional.of(new GatewayRequest(networkId, gateway.bool("enable_snat"),
                gateway.objects("external_fixed_ips").map(ips -> ips.stream().map(PortRoutes::requestedIp).toList()))));
    }

    /** The body of {@code add_extraroutes} and {@code remove_extraroutes}: {@code {"router": {"routes": [...]}}}. */
    private static List<HostRoute> extraRoutes(byte[] body) {
        Attributes attributes = Attributes.of(body, "router", EXTRA_ROUTES);
        return RouteList.read(attributes.raw("routes"));
    }

    private static InterfaceRequest interfaceRequest(byte[] body) {
        ObjectNode root;
        try {
            root = Json.parseObject(body);
        } catch (ServiceException e) {
            throw NeutronException.badRequest("Resource body required");
        }
        Attributes.requireKnown(root, INTERFACE);
        Optional<String> subnetId = text(root, "subnet_id");
        Optional<String> portId = text(root, "port_id");
        return new InterfaceRequest(subnetId, portId);
    }

    private static Optional<String> text(ObjectNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private Map<String, Object> view(Router router) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", router.id());
        view.put("name", router.name());
        view.put("description", router.description());
        view.put("tenant_id", router.projectId());
        view.put("project_id", router.projectId());
        view.put("admin_state_up", router.adminStateUp());
        view.put("status", "ACTIVE");
        view.put("external_gateway_info", router.gateway().map(gateway -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("network_id", gateway.networkId());
            info.put("enable_snat", gateway.enableSnat());
            info.put("external_fixed_ips", routers.gatewayPort(router.id()).map(port -> port.fixedIps().stream()
                    .map(ip -> Map.of("subnet_id", ip.subnetId(), "ip_address", ip.address().toString())).toList())
                    .orElse(List.of()));
            return info;
        }).orElse(null));
        view.put("routes", NeutronViews.routes(router.routes()));
        view.put("tags", List.of());
        view.put("created_at", NeutronViews.time(router.createdAt()));
        view.put("updated_at", NeutronViews.time(router.updatedAt()));
        view.put("revision_number", router.revision());
        return view;
    }

    private static Map<String, Object> interfaceView(RouterInterface routerInterface) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", routerInterface.routerId());
        view.put("tenant_id", routerInterface.projectId());
        view.put("project_id", routerInterface.projectId());
        view.put("port_id", routerInterface.portId());
        view.put("network_id", routerInterface.networkId());
        view.put("subnet_id", routerInterface.subnetIds().isEmpty() ? null : routerInterface.subnetIds().get(0));
        view.put("subnet_ids", routerInterface.subnetIds());
        return view;
    }
}
