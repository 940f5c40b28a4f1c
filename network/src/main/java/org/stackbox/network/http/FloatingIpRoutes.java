package org.stackbox.network.http;

import io.javalin.http.Context;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv4Address;
import org.stackbox.network.FloatingIpService;
import org.stackbox.network.RouterCommands.FloatingIpChanges;
import org.stackbox.network.RouterCommands.NewFloatingIp;
import org.stackbox.network.model.FloatingIp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/floatingips}: list, show, create, update (associate, disassociate), delete. */
final class FloatingIpRoutes {
    private static final String BASE = "/v2.0/floatingips";
    static final Set<String> ATTRIBUTES = Set.of("id", "tenant_id", "project_id", "floating_network_id",
            "floating_ip_address", "fixed_ip_address", "port_id", "router_id", "status", "description", "tags",
            "created_at", "updated_at", "revision_number");
    private static final Set<String> CREATE = Set.of("floating_network_id", "floating_ip_address", "subnet_id",
            "port_id", "fixed_ip_address", "description", "tenant_id", "project_id");
    private static final Set<String> UPDATE = Set.of("port_id", "fixed_ip_address", "description");

    private final FloatingIpService floatingIps;
    private final String networkUrl;

    FloatingIpRoutes(FloatingIpService floatingIps, String networkUrl) {
        this.floatingIps = requireNonNull(floatingIps, "floatingIps is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_floatingip", (context, caller) -> Responses.ok(context, NetworkRoutes.query(context)
                .apply("floatingips", floatingIps.list(caller).stream().map(FloatingIpRoutes::view).toList(),
                        ATTRIBUTES, networkUrl + BASE)));
        routes.post(BASE, "create_floatingip", this::create);
        routes.get(BASE + "/{id}", "get_floatingip", (context, caller) -> Responses.ok(context, Map.of("floatingip",
                NetworkRoutes.query(context).trimmed(view(floatingIps.get(caller, context.pathParam("id")))))));
        routes.put(BASE + "/{id}", "update_floatingip", this::update);
        routes.delete(BASE + "/{id}", "delete_floatingip", (context, caller) -> {
            floatingIps.delete(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
    }

    private void create(Context context, Caller caller) {
        Attributes attributes = Attributes.of(context.bodyAsBytes(), "floatingip", CREATE);
        FloatingIp floatingIp = floatingIps.create(caller, new NewFloatingIp(
                attributes.string("project_id").or(() -> attributes.string("tenant_id")),
                attributes.requireUuid("floating_network_id"), uuid(attributes, "subnet_id"),
                address(attributes, "floating_ip_address"), uuid(attributes, "port_id"),
                address(attributes, "fixed_ip_address"), attributes.string("description").orElse("")));
        Responses.created(context, Map.of("floatingip", view(floatingIp)));
    }

    private void update(Context context, Caller caller) {
        Attributes attributes = Attributes.ofUpdate(context.bodyAsBytes(), "floatingip", UPDATE, ATTRIBUTES);
        Optional<Optional<String>> portId = attributes.has("port_id")
                ? Optional.of(uuid(attributes, "port_id")) : Optional.empty();
        FloatingIp floatingIp = floatingIps.update(caller, context.pathParam("id"), new FloatingIpChanges(portId,
                address(attributes, "fixed_ip_address"), attributes.string("description")));
        Responses.ok(context, Map.of("floatingip", view(floatingIp)));
    }

    private static Optional<String> uuid(Attributes attributes, String name) {
        Optional<String> value = attributes.string(name);
        value.filter(id -> !Attributes.isUuid(id)).ifPresent(id -> {
            throw Attributes.invalid(name, "'%s' is not a valid UUID".formatted(id));
        });
        return value;
    }

    private static Optional<Ipv4Address> address(Attributes attributes, String name) {
        return attributes.string(name).map(text -> {
            if (!Ipv4Address.isValid(text)) {
                throw Attributes.invalid(name, "'%s' is not a valid IP address".formatted(text));
            }
            return Ipv4Address.parse(text);
        });
    }

    static Map<String, Object> view(FloatingIp floatingIp) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", floatingIp.id());
        view.put("tenant_id", floatingIp.projectId());
        view.put("project_id", floatingIp.projectId());
        view.put("floating_network_id", floatingIp.floatingNetworkId());
        view.put("floating_ip_address", floatingIp.floatingIpAddress().toString());
        view.put("fixed_ip_address", floatingIp.association().map(a -> a.fixedIpAddress().toString()).orElse(null));
        view.put("port_id", floatingIp.association().map(FloatingIp.Association::portId).orElse(null));
        view.put("router_id", floatingIp.association().map(FloatingIp.Association::routerId).orElse(null));
        view.put("status", floatingIp.status());
        view.put("description", floatingIp.description());
        view.put("tags", List.of());
        view.put("created_at", NeutronViews.time(floatingIp.createdAt()));
        view.put("updated_at", NeutronViews.time(floatingIp.updatedAt()));
        view.put("revision_number", floatingIp.revision());
        return view;
    }
}
