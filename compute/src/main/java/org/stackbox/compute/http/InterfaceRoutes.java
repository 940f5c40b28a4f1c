package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.compute.ServerInterfaceAttachments;
import org.stackbox.network.spi.ServerPort;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /servers/{id}/os-interface}: the server's ports as Nova shows them, and hot-plugging cards
 * ({@code openstack server add network|port}, {@code remove network|port}).
 */
final class InterfaceRoutes {
    private static final String BASE = "/v2.1/servers/{id}/os-interface";

    private final ServerInterfaceAttachments interfaces;
    private final MicroversionNegotiator versions;

    InterfaceRoutes(ServerInterfaceAttachments interfaces, MicroversionNegotiator versions) {
        this.interfaces = requireNonNull(interfaces, "interfaces is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "os_compute_api:os-attach-interfaces:list", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            List<Object> attachments = interfaces.list(caller, context.pathParam("id")).stream()
                    .map(port -> (Object) view(port, version)).toList();
            Responses.ok(context, Map.of("interfaceAttachments", attachments));
        });
        routes.get(BASE + "/{port}", "os_compute_api:os-attach-interfaces:show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Responses.ok(context, Map.of("interfaceAttachment", view(interfaces.get(caller,
                    context.pathParam("id"), context.pathParam("port")), version)));
        });
        routes.post(BASE, "os_compute_api:os-attach-interfaces:create", this::attach);
        routes.delete(BASE + "/{port}", "os_compute_api:os-attach-interfaces:delete", (context, caller) -> {
            versions.negotiate(context);
            interfaces.detach(caller, context.pathParam("id"), context.pathParam("port"));
            context.status(202);
        });
    }

    private void attach(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        ObjectNode body = NovaBodies.object(context);
        ObjectNode request = JsonFields.optionalObject(body, "interfaceAttachment").orElse(Json.object());
        ServerRequests.checkInterfaceAttachment(request, version);
        Optional<String> fixedIp = Optional.empty();
        JsonNode fixedIps = request.get("fixed_ips");
        if (fixedIps != null && !fixedIps.isNull()) {
            if (!fixedIps.isArray() || fixedIps.size() > 1) {
                throw ApiException.badRequest("Invalid input for field/attribute fixed_ips. Value: %s.", fixedIps);
            }
            if (fixedIps.size() == 1) {
                fixedIp = ServerRequests.scalar(fixedIps.get(0), "ip_address");
            }
        }
        ServerPort port = interfaces.attach(caller, context.pathParam("id"),
                ServerRequests.scalar(request, "net_id"), ServerRequests.scalar(request, "port_id"), fixedIp);
        Responses.ok(context, Map.of("interfaceAttachment", view(port, version)));
    }

    private static Map<String, Object> view(ServerPort port, Microversion version) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fixed_ips", port.fixedIps().stream()
                .map(ip -> Map.of("ip_address", ip.ipAddress(), "subnet_id", ip.subnetId())).toList());
        view.put("mac_addr", port.macAddress());
        view.put("net_id", port.networkId());
        view.put("port_id", port.portId());
        view.put("port_state", "ACTIVE");
        if (version.atLeast(2, 70)) {
            view.put("tag", null);
        }
        return view;
    }
}
