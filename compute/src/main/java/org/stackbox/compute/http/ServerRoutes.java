package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.net.Ipv6Text;
import org.stackbox.api.Authorization;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.common.JsonFields;
import org.stackbox.compute.ComputeFlavors;
import org.stackbox.compute.ServerGroups;
import org.stackbox.compute.CreateServer;
import org.stackbox.compute.ServerOperations;
import org.stackbox.compute.model.InstanceAction;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerVolume;
import org.stackbox.compute.store.InstanceActionRepository;
import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.RebootType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * {@code /servers}: create, list, show, update, delete, actions, volume attachments, instance actions; the console
 * calls are {@link ConsoleRoutes}', metadata {@link ServerMetadataRoutes}', addresses {@link ServerIpsRoutes}'.
 */
final class ServerRoutes {
    private static final String BASE = "/v2.1/servers";

    private final ServerOperations servers;
    private final ComputeFlavors flavors;
    private final ServerGroups groups;
    private final InstanceActionRepository instanceActions;
    private final MicroversionNegotiator versions;
    private final ComputeViews views;
    private final ConsoleRoutes consoles;
    private final ServerActionRoutes actions;

    ServerRoutes(ServerOperations servers, ComputeFlavors flavors, InstanceActionRepository instanceActions,
                 MicroversionNegotiator versions, ComputeViews views, IsoMediaRoutes isoMedia, ServerGroups groups) {
        this.groups = requireNonNull(groups, "groups is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.flavors = requireNonNull(flavors, "flavors is null");
        this.instanceActions = requireNonNull(instanceActions, "instanceActions is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.views = requireNonNull(views, "views is null");
        this.consoles = new ConsoleRoutes(servers.servers(), servers.consoles(), versions);
        this.actions = new ServerActionRoutes(servers, consoles, requireNonNull(isoMedia, "isoMedia is null"),
                (server, caller, version) -> views.updatedServer(server, flavors.get(server.flavorId()),
                        servers.volumes().of(server), servers.interfaces().of(server), caller, version),
                views::imageLocation);
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "os_compute_api:servers:index", (context, caller) -> list(context, caller, false));
        routes.get(BASE + "/detail", "os_compute_api:servers:detail", (context, caller) -> list(context, caller, true));
        routes.post(BASE, "os_compute_api:servers:create", this::create);
        routes.get(BASE + "/{id}", "os_compute_api:servers:show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Map<String, Object> shown = detail(servers.servers().get(caller, context.pathParam("id")), caller, version);
            if (version.atLeast(2, 71)) {
                shown.put("server_groups", groups.groupsOf(context.pathParam("id")));
            }
            Responses.ok(context, Map.of("server", shown));
        });
        routes.put(BASE + "/{id}", "os_compute_api:servers:update", this::update);
        routes.delete(BASE + "/{id}", "os_compute_api:servers:delete", (context, caller) -> {
            versions.negotiate(context);
            servers.deletion().delete(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
        routes.post(BASE + "/{id}/action", Authorization.byAction(ServerActionRoutes.RULES), this::action);
        consoles.register(routes, BASE);
        new ServerMetadataRoutes(servers).register(routes);
        new ServerIpsRoutes(servers).register(routes);
        routes.get(BASE + "/{id}/os-volume_attachments", "os_compute_api:os-volumes-attachments:index", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            List<Object> attachments = servers.volumes().list(caller, context.pathParam("id")).stream()
                    .map(volume -> (Object) views.volumeAttachment(volume, version)).toList();
            Responses.ok(context, Map.of("volumeAttachments", attachments));
        });
        routes.get(BASE + "/{id}/os-volume_attachments/{volume}", "os_compute_api:os-volumes-attachments:show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Responses.ok(context, Map.of("volumeAttachment", views.volumeAttachment(
                    servers.volumes().get(caller, context.pathParam("id"), context.pathParam("volume")), version)));
        });
        routes.post(BASE + "/{id}/os-volume_attachments", "os_compute_api:os-volumes-attachments:create", this::attach);
        routes.delete(BASE + "/{id}/os-volume_attachments/{volume}", "os_compute_api:os-volumes-attachments:delete", (context, caller) -> {
            versions.negotiate(context);
            servers.volumes().detach(caller, context.pathParam("id"), context.pathParam("volume"));
            context.status(202);
        });
        routes.get(BASE + "/{id}/os-instance-actions", "os_compute_api:os-instance-actions:list", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Server server = servers.servers().get(caller, context.pathParam("id"));
            List<Object> actions = instanceActions.forServer(server.id()).stream()
                    .map(action -> (Object) views.instanceAction(action, version, false, caller.isAdmin())).toList();
            Responses.ok(context, Map.of("instanceActions", actions));
        });
        routes.get(BASE + "/{id}/os-instance-actions/{request}", "os_compute_api:os-instance-actions:show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            Server server = servers.servers().get(caller, context.pathParam("id"));
            InstanceAction action = instanceActions.find(server.id(), context.pathParam("request"))
                    .orElseThrow(() -> ApiException.notFound("Action %s could not be found.",
                            context.pathParam("request")));
            Responses.ok(context, Map.of("instanceAction", views.instanceAction(action, version, true,
                    caller.isAdmin())));
        });
        // Stackbox's admin view of what the hypervisor has: `stackbox virt blklist SERVER`.
        routes.get(BASE + "/{id}/block-devices", "stackbox:compute:servers:block-devices", (context, caller) -> {
            versions.negotiate(context);
            Server server = servers.servers().find(caller, context.pathParam("id"), true);
            List<BlockDeviceEntry> devices = servers.volumes().blockDevices(caller, server.id());
            Responses.ok(context, Map.of("server_id", server.id(), "block_devices", devices.stream()
                    .map(device -> Map.of("target", device.target(), "source", device.source())).toList()));
        });
    }

    private void create(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        ObjectNode body = NovaBodies.object(context);
        CreateServer request = ServerRequests.create(body, version);
        JsonNode requested = body.path("server");
        int minCount = requested.path("min_count").asInt(1);
        int maxCount = requested.has("max_count") ? requested.path("max_count").asInt(minCount) : minCount;
        Server server = servers.creation().createMany(caller, request, minCount, Math.max(minCount, maxCount)).get(0);
        Optional<String> accessIpv4 = JsonFields.optionalString((ObjectNode) requested, "accessIPv4");
        Optional<String> accessIpv6 = JsonFields.optionalString((ObjectNode) requested, "accessIPv6")
                .map(Ipv6Text::canonical);
        if (accessIpv4.isPresent() || accessIpv6.isPresent()) {
            servers.servers().updateAccessAddresses(caller, server.id(), accessIpv4, accessIpv6);
        }
        context.header("Location", context.url() + "/" + server.id());
        // Nova answers with the password the request gave; Stackbox has no guest agent to set it, as Nova's
        // libvirt driver without one.
        if (requested.path("return_reservation_id").asBoolean(false)) {
            Responses.json(context, 202, Map.of("reservation_id", "r-" + server.id().substring(0, 8)));
            return;
        }
        Responses.json(context, 202, Map.of("server", views.createdServer(server,
                JsonFields.optionalString((ObjectNode) requested, "adminPass"), request.securityGroups())));
    }

    private void list(Context context, Caller caller, boolean detail) {
        Microversion version = versions.negotiate(context);
        NovaListQuery query = checkedQuery(context, version);
        boolean allTenants = context.queryParam("all_tenants") != null
                && !"false".equalsIgnoreCase(context.queryParam("all_tenants")) && !"0".equals(context.queryParam("all_tenants"));
        List<Server> servers = this.servers.servers().list(caller, allTenants).stream().filter(server -> matches(server, context))
                .toList();
        servers = query.page(servers, Server::id, query.limit());
        List<Object> views = servers.stream()
                .map(server -> detail ? (Object) detail(server, caller, version) : this.views.serverSummary(server))
                .toList();
        Responses.ok(context, Map.of("servers", views));
    }

    /**
     * The list's query checked as Nova's servers index_query schemas check it (sort keys of the microversion, a
     * date-time changes-since, no unknown parameter from 2.75), then its limit and sort directions.
     */
    private static NovaListQuery checkedQuery(Context context, Microversion version) {
        NovaListQuery query = new NovaListQuery(context).dateTime("changes-since")
                .oneOf("sort_key", ServerListKeys.sortKeys(version)).digits("limit");
        if (version.atLeast(2, 75)) {
            query.onlyKnown(ServerListKeys.QUERY);
        }
        query.limit();
        return query.sortDirections();
    }

    private boolean matches(Server server, Context context) {
        String name = context.queryParam("name");
        if (name != null && !name.isEmpty()) {
            try {
                if (!Pattern.compile(name).matcher(server.name()).find()) {
                    return false;
                }
            } catch (PatternSyntaxException e) {
                if (!server.name().contains(name)) {
                    return false;
                }
            }
        }
        String status = context.queryParam("status");
        if (status != null && !server.apiStatus().equalsIgnoreCase(status)) {
            return false;
        }
        String image = context.queryParam("image");
        if (image != null && !image.equals(server.imageId())) {
            return false;
        }
        String flavor = context.queryParam("flavor");
        if (flavor != null && !flavor.equals(server.flavorId())) {
            return false;
        }
        String changesSince = context.queryParam("changes-since");
        // Checked as a date-time with its offset by the list's query schema.
        if (changesSince != null && server.updatedAt().isBefore(OffsetDateTime.parse(changesSince).toInstant())) {
            return false;
        }
        String ip = context.queryParam("ip");
        return ip == null || matchesAddress(server, ip);
    }

    /** Nova's {@code ip} filter: a regular expression searched in each of the server's fixed addresses. */
    private boolean matchesAddress(Server server, String expression) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            pattern = Pattern.compile(Pattern.quote(expression));
        }
        Pattern compiled = pattern;
        return servers.interfaces().of(server).stream().flatMap(port -> port.fixedIps().stream())
                .anyMatch(address -> compiled.matcher(address.ipAddress()).find());
    }

    private Map<String, Object> detail(Server server, Caller caller, Microversion version) {
        List<ServerVolume> volumes = servers.volumes().of(server);
        return views.server(server, flavors.get(server.flavorId()), volumes, servers.interfaces().of(server), caller,
                version);
    }

    private void update(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        ObjectNode server = JsonFields.requireObject(NovaBodies.object(context), "server");
        ServerRequests.checkUpdate(server, version);
        ServerCreateSchema.requireAddress(server, "accessIPv4", "ipv4");
        ServerCreateSchema.requireAddress(server, "accessIPv6", "ipv6");
        Server updated = servers.servers().update(caller, context.pathParam("id"), JsonFields.optionalString(server, "name"),
                JsonFields.optionalString(server, "description"));
        if (server.has("accessIPv4") || server.has("accessIPv6")) {
            updated = servers.servers().updateAccessAddresses(caller, updated.id(),
                    JsonFields.optionalString(server, "accessIPv4"),
                    JsonFields.optionalString(server, "accessIPv6").map(Ipv6Text::canonical));
        }
        Responses.ok(context, Map.of("server", views.updatedServer(updated, flavors.get(updated.flavorId()),
                servers.volumes().of(updated), servers.interfaces().of(updated), caller, version)));
    }

    private void action(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        ObjectNode body = NovaBodies.object(context);
        actions.act(new ServerActionRoutes.Call(context, caller, version, context.pathParam("id")), body);
    }

    private void attach(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        ObjectNode attachment = JsonFields.requireObject(NovaBodies.object(context), "volumeAttachment");
        ServerRequests.checkVolumeAttachment(attachment, version);
        String volumeId = JsonFields.requireString(attachment, "volumeId");
        boolean deleteOnTermination = ServerRequests.bool(attachment.get("delete_on_termination"), "delete_on_termination").orElse(false);
        ServerVolume attached = servers.volumes().attach(caller, context.pathParam("id"), volumeId, deleteOnTermination);
        Responses.ok(context, Map.of("volumeAttachment", views.volumeAttachment(attached, version)));
    }
}
