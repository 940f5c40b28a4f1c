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
import org.stackbox.common.ConsoleType;
import org.stackbox.common.Json;
import org.stackbox.compute.ServerConsoles;
import org.stackbox.compute.Servers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Nova's remote console calls, in their two forms: the {@code os-getVNCConsole} and {@code os-getSerialConsole}
 * server actions up to microversion 2.5, and {@code POST /servers/{id}/remote-consoles} from 2.6. Each form answers
 * 404 outside its microversions, as Nova does. Requests are checked as Nova's JSON schemas check them; a console
 * Stackbox does not serve (SPICE, MKS, RDP, xvpvnc) is refused with 400 and Nova's message.
 */
final class ConsoleRoutes {
    static final String VNC_ACTION = "os-getVNCConsole";
    static final String SERIAL_ACTION = "os-getSerialConsole";
    private static final List<String> PROTOCOLS = List.of("vnc", "spice", "serial", "rdp");
    private static final List<String> PROTOCOLS_2_8 = List.of("vnc", "spice", "serial", "rdp", "mks");
    private static final List<String> TYPES = List.of("novnc", "xvpvnc", "spice-html5", "serial", "rdp-html5");
    private static final List<String> TYPES_2_8 = List.of("novnc", "xvpvnc", "spice-html5", "serial", "rdp-html5",
            "webmks");
    private static final List<String> TYPES_2_99 = List.of("novnc", "xvpvnc", "spice-html5", "serial", "rdp-html5",
            "webmks", "spice-direct");

    private final Servers servers;
    private final ServerConsoles consoles;
    private final MicroversionNegotiator versions;

    ConsoleRoutes(Servers servers, ServerConsoles consoles, MicroversionNegotiator versions) {
        this.servers = requireNonNull(servers, "servers is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes, String servers) {
        routes.post(servers + "/{id}/remote-consoles", "os_compute_api:os-remote-consoles", this::create);
    }

    /**
     * The console that the {@code os-getVNCConsole} or {@code os-getSerialConsole} action ({@code action}) asks for,
     * checked as Nova's schema checks it; 404 from microversion 2.6, which has {@code remote-consoles} instead.
     */
    static ConsoleType parseAction(ObjectNode body, Microversion version, String action) {
        if (version.atLeast(2, 6)) {
            throw resourceNotFound();
        }
        ConsoleType kind = action.equals(VNC_ACTION) ? ConsoleType.NOVNC : ConsoleType.SERIAL;
        onlyProperty(body, action);
        ObjectNode request = object(body, action);
        onlyProperty(request, "type");
        String type = enumString(request, "type", kind == ConsoleType.NOVNC ? List.of("novnc", "xvpvnc")
                : List.of("serial"));
        if (!type.equals(kind.typeName())) {
            throw ApiException.badRequest("Invalid console type %s", type);
        }
        return kind;
    }

    /** {@code os-getVNCConsole} / {@code os-getSerialConsole}: {@code {"console": {"type": ..., "url": ...}}}. */
    void action(Context context, Caller caller, String serverId, ConsoleType kind) {
        String url = consoles.url(caller, serverId, kind);
        Responses.ok(context, Map.of("console", consoleBody(kind, url)));
    }

    /** {@code POST /servers/{id}/remote-consoles}: {@code {"remote_console": {"protocol", "type", "url"}}}. */
    private void create(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        if (!version.atLeast(2, 6)) {
            throw resourceNotFound();
        }
        ObjectNode body = NovaBodies.object(context);
        onlyProperty(body, "remote_console");
        ObjectNode request = object(body, "remote_console");
        for (var names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("protocol") && !name.equals("type")) {
                throw additionalProperty(name);
            }
        }
        String protocol = enumString(request, "protocol", version.atLeast(2, 8) ? PROTOCOLS_2_8 : PROTOCOLS);
        String type = enumString(request, "type", version.atLeast(2, 99) ? TYPES_2_99
                : version.atLeast(2, 8) ? TYPES_2_8 : TYPES);
        String serverId = context.pathParam("id");
        servers.get(caller, serverId);
        ConsoleType kind = kind(protocol, type);
        String url = consoles.url(caller, serverId, kind);
        Map<String, Object> console = new LinkedHashMap<>();
        console.put("protocol", kind.protocol());
        console.putAll(consoleBody(kind, url));
        Responses.ok(context, Map.of("remote_console", console));
    }

    /** The console a valid protocol and type ask for, refused as Nova's handlers refuse it when it is not served. */
    static ConsoleType kind(String protocol, String type) {
        switch (protocol) {
            case "vnc":
                if (!type.equals("novnc")) {
                    throw ApiException.badRequest("Invalid console type %s", type);
                }
                return ConsoleType.NOVNC;
            case "serial":
                if (!type.equals("serial")) {
                    throw ApiException.badRequest("Invalid console type %s", type);
                }
                return ConsoleType.SERIAL;
            case "rdp":
                throw ApiException.badRequest("Unavailable console type %s.", protocol);
            default:
                // SPICE and MKS: Stackbox runs neither, as a Nova compute host with them disabled.
                throw ApiException.badRequest("Unavailable console type %s.", type);
        }
    }

    static Map<String, Object> consoleBody(ConsoleType kind, String url) {
        Map<String, Object> console = new LinkedHashMap<>();
        console.put("type", kind.typeName());
        console.put("url", url);
        return console;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. '%s' is a required "
                    + "property", field, Json.write(parent), field);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. %s is not of type "
                    + "'object'", field, Json.write(node), Json.write(node));
        }
        return object;
    }

    private static String enumString(ObjectNode parent, String field, List<String> allowed) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. '%s' is a required "
                    + "property", field, Json.write(parent), field);
        }
        if (!node.isTextual() || !allowed.contains(node.asText())) {
            String shown = node.isTextual() ? node.asText() : Json.write(node);
            String quoted = node.isTextual() ? "'" + node.asText() + "'" : Json.write(node);
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. %s is not one of %s",
                    field, shown, quoted, pythonList(allowed));
        }
        return node.asText();
    }

    private static void onlyProperty(ObjectNode object, String allowed) {
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(allowed)) {
                throw additionalProperty(name);
            }
        }
    }

    private static ApiException additionalProperty(String name) {
        return ApiException.badRequest("Additional properties are not allowed ('%s' was unexpected)", name);
    }

    /** Nova answers a call that its microversion does not have as if the route did not exist. */
    private static ApiException resourceNotFound() {
        return ApiException.notFound("The resource could not be found.");
    }

    private static String pythonList(List<String> values) {
        return values.stream().map(value -> "'" + value + "'").reduce((a, b) -> a + ", " + b)
                .map(joined -> "[" + joined + "]").orElse("[]");
    }
}
