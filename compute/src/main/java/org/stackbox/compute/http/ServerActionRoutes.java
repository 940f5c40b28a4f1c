package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.Microversion;
import org.stackbox.api.Responses;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.JsonFields;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.Ids;
import org.stackbox.compute.ServerOperations;
import org.stackbox.compute.ServerRebuild;
import org.stackbox.compute.model.Server;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.compute.model.ServerStatus;
import org.stackbox.virt.RebootType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /servers/{id}/action}: one table of the actions, each row the key of its body, how the body is read,
 * the {@link ServerAction} it is, and what runs it. A new action (snapshot, rebuild, resize, pause, rescue) is one
 * more row. The first row whose key the body has runs, in the order of the table.
 */
final class ServerActionRoutes {
    /** One call: who asks, at which microversion, about which server. */
    record Call(Context context, Caller caller, Microversion version, String serverId) {}

    /** Reads the action's request out of the body (the whole body: some actions check that it has nothing else). */
    interface Parser<T> {
        T parse(ObjectNode body, Microversion version);
    }

    /** Runs the action and answers. */
    interface Handler<T> {
        void handle(Call call, ServerAction action, T request);
    }

    /** One row of the table. */
    record Row<T>(String key, Parser<T> parser, Function<T, ServerAction> action, Handler<T> handler) {
        Row {
            requireNonNull(key, "key is null");
            requireNonNull(parser, "parser is null");
            requireNonNull(action, "action is null");
            requireNonNull(handler, "handler is null");
        }

        void run(Call call, ObjectNode body) {
            T request = parser.parse(body, call.version());
            handler.handle(call, action.apply(request), request);
        }
    }

    /** Each action's rule in Nova's policy (and Stackbox's for its own actions); every row's key has one. */
    static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("os-start", "os_compute_api:servers:start"),
            Map.entry("os-stop", "os_compute_api:servers:stop"),
            Map.entry("reboot", "os_compute_api:servers:reboot"),
            Map.entry("pause", "os_compute_api:os-pause-server:pause"),
            Map.entry("unpause", "os_compute_api:os-pause-server:unpause"),
            Map.entry("suspend", "os_compute_api:os-suspend-server:suspend"),
            Map.entry("resume", "os_compute_api:os-suspend-server:resume"),
            Map.entry("rebuild", "os_compute_api:servers:rebuild"),
            Map.entry("resize", "os_compute_api:servers:resize"),
            Map.entry("confirmResize", "os_compute_api:servers:confirm_resize"),
            Map.entry("revertResize", "os_compute_api:servers:revert_resize"),
            Map.entry("os-getConsoleOutput", "os_compute_api:os-console-output"),
            Map.entry(ConsoleRoutes.VNC_ACTION, "os_compute_api:os-remote-consoles"),
            Map.entry(ConsoleRoutes.SERIAL_ACTION, "os_compute_api:os-remote-consoles"),
            Map.entry("lock", "os_compute_api:os-lock-server:lock"),
            Map.entry("unlock", "os_compute_api:os-lock-server:unlock"),
            Map.entry("os-resetState", "os_compute_api:os-admin-actions:reset_state"),
            Map.entry("createImage", "os_compute_api:servers:create_image"),
            Map.entry("addSecurityGroup", "os_compute_api:os-security-groups:add"),
            Map.entry("removeSecurityGroup", "os_compute_api:os-security-groups:remove"),
            Map.entry("changePassword", "os_compute_api:os-admin-password"),
            Map.entry(IsoMediaRoutes.EJECT, "stackbox:compute:iso-media:eject"),
            Map.entry(IsoMediaRoutes.INSERT, "stackbox:compute:iso-media:insert"));

    /** The server as an action's answer shows it (Nova's update view, as rebuild answers with it). */
    interface ServerView {
        Map<String, Object> of(Server server, Caller caller, Microversion version);
    }

    private final List<Row<?>> rows;

    ServerActionRoutes(ServerOperations servers, ConsoleRoutes consoles, IsoMediaRoutes isoMedia, ServerView view,
                       Function<String, String> imageLocation) {
        requireNonNull(servers, "servers is null");
        requireNonNull(consoles, "consoles is null");
        requireNonNull(isoMedia, "isoMedia is null");
        Handler<Object> power = (call, action, request) -> {
            servers.power().apply(call.caller(), call.serverId(), action);
            call.context().status(202);
        };
        this.rows = List.of(
                row("os-start", ServerActionRoutes::nothing, ServerAction.START, power),
                row("os-stop", ServerActionRoutes::nothing, ServerAction.STOP, power),
                new Row<>("reboot", ServerActionRoutes::rebootType,
                        type -> type == RebootType.HARD ? ServerAction.REBOOT_HARD : ServerAction.REBOOT_SOFT,
                        power::handle),
                row("pause", ServerActionRoutes::nothing, ServerAction.PAUSE, power),
                row("unpause", ServerActionRoutes::nothing, ServerAction.UNPAUSE, power),
                row("suspend", ServerActionRoutes::nothing, ServerAction.SUSPEND, power),
                row("resume", ServerActionRoutes::nothing, ServerAction.RESUME, power),
                row("os-getConsoleOutput", ServerActionRoutes::consoleLines, ServerAction.GET_CONSOLE_OUTPUT,
                        (call, action, lines) -> Responses.ok(call.context(), Map.of("output",
                                servers.consoles().output(call.caller(), call.serverId(), lines)))),
                row(ConsoleRoutes.VNC_ACTION,
                        (body, version) -> ConsoleRoutes.parseAction(body, version, ConsoleRoutes.VNC_ACTION),
                        ServerAction.GET_VNC_CONSOLE,
                        (call, action, kind) -> consoles.action(call.context(), call.caller(), call.serverId(), kind)),
                row(ConsoleRoutes.SERIAL_ACTION,
                        (body, version) -> ConsoleRoutes.parseAction(body, version, ConsoleRoutes.SERIAL_ACTION),
                        ServerAction.GET_SERIAL_CONSOLE,
                        (call, action, kind) -> consoles.action(call.context(), call.caller(), call.serverId(), kind)),
                row("rebuild", ServerActionRoutes::rebuild, ServerAction.REBUILD, (call, action, request) -> {
                    Server rebuilt = servers.rebuild().rebuild(call.caller(), call.serverId(), request.request());
                    Map<String, Object> shown = new LinkedHashMap<>(view.of(rebuilt, call.caller(), call.version()));
                    shown.put("adminPass", request.adminPass().orElseGet(() -> Ids.secret(9)));
                    Responses.json(call.context(), 202, Map.of("server", shown));
                }),
                row("resize", ServerActionRoutes::resizeFlavor, ServerAction.RESIZE, (call, action, flavor) -> {
                    servers.resize().resize(call.caller(), call.serverId(), flavor);
                    call.context().status(202);
                }),
                row("confirmResize", ServerActionRoutes::nothing, ServerAction.CONFIRM_RESIZE, (call, action, body) -> {
                    servers.resize().confirm(call.caller(), call.serverId());
                    call.context().status(204);
                }),
                row("revertResize", ServerActionRoutes::nothing, ServerAction.REVERT_RESIZE, (call, action, body) -> {
                    servers.resize().revert(call.caller(), call.serverId());
                    call.context().status(202);
                }),
                row("createImage", ServerActionRoutes::createImage, ServerAction.CREATE_IMAGE, (call, action, request) -> {
                    String imageId = servers.snapshots().createImage(call.caller(), call.serverId(), request.name(),
                            request.metadata());
                    // From 2.45 Nova answers the image's id in the body, before that in a Location header.
                    if (call.version().atLeast(2, 45)) {
                        Responses.json(call.context(), 202, Map.of("image_id", imageId));
                    } else {
                        call.context().header("Location", imageLocation.apply(imageId));
                        call.context().status(202);
                    }
                }),
                row("lock", ServerActionRoutes::lockReason, ServerAction.LOCK, (call, action, reason) -> {
                    servers.servers().lock(call.caller(), call.serverId(), reason);
                    call.context().status(202);
                }),
                row("unlock", ServerActionRoutes::nothing, ServerAction.UNLOCK, (call, action, request) -> {
                    servers.servers().unlock(call.caller(), call.serverId());
                    call.context().status(202);
                }),
                row("os-resetState", ServerActionRoutes::resetState, ServerAction.RESET_STATE, (call, action, state) -> {
                    servers.servers().resetState(call.caller(), call.serverId(), state);
                    call.context().status(202);
                }),
                row("addSecurityGroup", (body, version) -> groupName(body, "addSecurityGroup"),
                        ServerAction.ADD_SECURITY_GROUP, (call, action, group) -> {
                            servers.interfaces().addSecurityGroup(call.caller(), call.serverId(), group);
                            call.context().status(202);
                        }),
                row("removeSecurityGroup", (body, version) -> groupName(body, "removeSecurityGroup"),
                        ServerAction.REMOVE_SECURITY_GROUP, (call, action, group) -> {
                            servers.interfaces().removeSecurityGroup(call.caller(), call.serverId(), group);
                            call.context().status(202);
                        }),
                row("changePassword", (body, version) -> AdminPasswordSchema.parse(body),
                        ServerAction.CHANGE_PASSWORD, (call, action, password) -> {
                            servers.passwords().change(call.caller(), call.serverId(), password);
                            call.context().status(202);
                        }),
                row(IsoMediaRoutes.EJECT, (body, version) -> IsoMediaRoutes.EjectIso.parse(body),
                        ServerAction.EJECT_ISO,
                        (call, action, request) -> isoMedia.eject(call.context(), call.caller(), call.serverId(),
                                request)),
                row(IsoMediaRoutes.INSERT, (body, version) -> IsoMediaRoutes.InsertIso.parse(body),
                        ServerAction.INSERT_ISO,
                        (call, action, request) -> isoMedia.insert(call.context(), call.caller(), call.serverId(),
                                request)));
        for (Row<?> row : rows) {
            if (!RULES.containsKey(row.key())) {
                throw new IllegalStateException("The server action " + row.key() + " has no policy rule");
            }
        }
    }

    private static <T> Row<T> row(String key, Parser<T> parser, ServerAction action, Handler<? super T> handler) {
        return new Row<>(key, parser, request -> action, handler::handle);
    }

    void act(Call call, ObjectNode body) {
        // Nova's action_peek: an action body is exactly one key, the action's name.
        if (body.size() != 1) {
            throw ApiException.badRequest("Malformed request body");
        }
        for (Row<?> row : rows) {
            if (body.has(row.key())) {
                row.run(call, body);
                return;
            }
        }
        throw ApiException.badRequest("There is no such action: %s",
                body.fieldNames().hasNext() ? body.fieldNames().next() : "");
    }

    private static Object nothing(ObjectNode body, Microversion version) {
        return body;
    }

    /** {@code {"resize": {"flavorRef": ...}}}, Nova's resize schema (a disk config may come with it, and is not used). */
    private static String resizeFlavor(ObjectNode body, Microversion version) {
        JsonNode resize = body.get("resize");
        if (!resize.isObject()) {
            throw SchemaMessages.invalid("resize", resize, SchemaMessages.notOfType(resize, "object"));
        }
        SchemaMessages.refuseUnknown(resize, Set.of("flavorRef", "OS-DCF:diskConfig"), Optional.of("resize"));
        JsonNode flavor = resize.get("flavorRef");
        if (flavor == null) {
            throw SchemaMessages.invalid("resize", resize, SchemaMessages.required("flavorRef"));
        }
        if (!(flavor.isTextual() || flavor.isIntegralNumber()) || flavor.asText().isBlank()) {
            throw SchemaMessages.invalid("flavorRef", flavor, SchemaMessages.notOfType(flavor, "string", "integer"));
        }
        return flavor.asText();
    }

    /** A rebuild's request and the administrator password it gives (or none, and Nova makes one up). */
    record RebuildCall(ServerRebuild.Request request, Optional<String> adminPass) {}

    /**
     * {@code {"rebuild": {"imageRef": ..., "name": ..., "metadata": {...}, "adminPass": ...}}}: Nova's rebuild schema,
     * whose other fields (preserve_ephemeral, diskConfig, access addresses, and those of later microversions) are
     * taken and not used.
     */
    private static RebuildCall rebuild(ObjectNode body, Microversion version) {
        JsonNode rebuild = body.get("rebuild");
        if (!rebuild.isObject()) {
            throw SchemaMessages.invalid("rebuild", rebuild, SchemaMessages.notOfType(rebuild, "object"));
        }
        Set<String> allowed = new java.util.HashSet<>(Set.of("imageRef", "name", "metadata", "adminPass",
                "preserve_ephemeral", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6"));
        if (!version.atLeast(2, 57)) {
            allowed.add("personality");
        }
        if (version.atLeast(2, 19)) {
            allowed.add("description");
        }
        if (version.atLeast(2, 54)) {
            allowed.add("key_name");
        }
        if (version.atLeast(2, 57)) {
            allowed.add("user_data");
        }
        SchemaMessages.refuseUnknown(rebuild, allowed, Optional.of("rebuild"));
        JsonNode image = rebuild.get("imageRef");
        if (image == null) {
            throw SchemaMessages.invalid("rebuild", rebuild, SchemaMessages.required("imageRef"));
        }
        if (!image.isTextual() || image.asText().isBlank()) {
            throw SchemaMessages.invalid("imageRef", image, SchemaMessages.notOfType(image, "string"));
        }
        Optional<String> name = Optional.empty();
        JsonNode nameNode = rebuild.get("name");
        if (nameNode != null) {
            if (!nameNode.isTextual() || nameNode.asText().isBlank() || nameNode.asText().length() > 255) {
                throw SchemaMessages.invalid("name", nameNode, "%s is not valid".formatted(
                        SchemaMessages.pythonRepr(nameNode)));
            }
            name = Optional.of(nameNode.asText());
        }
        Optional<Map<String, String>> metadata = rebuild.has("metadata")
                ? Optional.of(MetadataSchema.items(rebuild.get("metadata"), "metadata")) : Optional.empty();
        JsonNode adminPass = rebuild.get("adminPass");
        if (adminPass != null && !adminPass.isTextual()) {
            throw SchemaMessages.invalid("adminPass", adminPass, SchemaMessages.notOfType(adminPass, "string"));
        }
        ServerCreateSchema.requireAddress(rebuild, "accessIPv4", "ipv4");
        ServerCreateSchema.requireAddress(rebuild, "accessIPv6", "ipv6");
        return new RebuildCall(new ServerRebuild.Request(image.asText(), name, metadata),
                Optional.ofNullable(adminPass).map(JsonNode::asText));
    }

    /** A snapshot's name and the properties it adds to the image. */
    record CreateImage(String name, Map<String, String> metadata) {}

    /** {@code {"createImage": {"name": ..., "metadata": {...}}}}, Nova's create_image schema. */
    private static CreateImage createImage(ObjectNode body, Microversion version) {
        JsonNode request = body.get("createImage");
        if (!request.isObject()) {
            throw SchemaMessages.invalid("createImage", request, SchemaMessages.notOfType(request, "object"));
        }
        SchemaMessages.refuseUnknown(request, Set.of("name", "metadata"), Optional.of("createImage"));
        JsonNode name = request.get("name");
        if (name == null) {
            throw SchemaMessages.invalid("createImage", request, SchemaMessages.required("name"));
        }
        if (!name.isTextual()) {
            throw SchemaMessages.invalid("name", name, SchemaMessages.notOfType(name, "string"));
        }
        String text = name.asText();
        if (text.isEmpty() || text.length() > 255 || !text.strip().equals(text)) {
            throw SchemaMessages.invalid("name", name, "%s is not valid".formatted(SchemaMessages.pythonRepr(name)));
        }
        Map<String, String> metadata = request.has("metadata")
                ? MetadataSchema.items(request.get("metadata"), "metadata") : Map.of();
        return new CreateImage(text, metadata);
    }

    /** Nova's schema of {@code {"addSecurityGroup": {"name": "web"}}} (and removeSecurityGroup). */
    private static String groupName(ObjectNode body, String key) {
        JsonNode action = body.get(key);
        if (!action.isObject()) {
            throw SchemaMessages.invalid(key, action, SchemaMessages.notOfType(action, "object"));
        }
        SchemaMessages.refuseUnknown(action, Set.of("name"), Optional.of(key));
        JsonNode name = action.get("name");
        if (name == null) {
            throw SchemaMessages.invalid(key, action, SchemaMessages.required("name"));
        }
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw SchemaMessages.invalid(key + "/name", name, name.isTextual()
                    ? "%s is too short".formatted(SchemaMessages.pythonRepr(name))
                    : SchemaMessages.notOfType(name, "string"));
        }
        return name.asText();
    }

    /** {@code {"lock": null}}, and from 2.73 {@code {"lock": {"locked_reason": "..."}}} (up to 255 characters). */
    private static Optional<String> lockReason(ObjectNode body, Microversion version) {
        JsonNode lock = body.get("lock");
        if (!version.atLeast(2, 73) || lock.isNull()) {
            return Optional.empty();
        }
        if (!lock.isObject()) {
            throw SchemaMessages.invalid("lock", lock, SchemaMessages.notOfType(lock, "object", "null"));
        }
        SchemaMessages.refuseUnknown(lock, Set.of("locked_reason"), Optional.of("lock"));
        JsonNode reason = lock.get("locked_reason");
        if (reason == null) {
            return Optional.empty();
        }
        if (!reason.isTextual()) {
            throw SchemaMessages.invalid("locked_reason", reason, SchemaMessages.notOfType(reason, "string"));
        }
        if (reason.asText().length() > 255) {
            throw SchemaMessages.invalid("locked_reason", reason, SchemaMessages.pythonRepr(reason) + " is too long");
        }
        return Optional.of(reason.asText());
    }

    /** {@code {"os-resetState": {"state": "active" | "error"}}}, Nova's reset_server_state schema. */
    private static ServerStatus resetState(ObjectNode body, Microversion version) {
        JsonNode reset = body.get("os-resetState");
        if (!reset.isObject()) {
            throw SchemaMessages.invalid("os-resetState", reset, SchemaMessages.notOfType(reset, "object"));
        }
        JsonNode state = reset.get("state");
        if (state == null) {
            throw SchemaMessages.invalid("os-resetState", reset, SchemaMessages.required("state"));
        }
        SchemaMessages.refuseUnknown(reset, Set.of("state"), Optional.of("os-resetState"));
        if (state.isTextual() && state.asText().equals("active")) {
            return ServerStatus.ACTIVE;
        }
        if (state.isTextual() && state.asText().equals("error")) {
            return ServerStatus.ERROR;
        }
        throw SchemaMessages.invalid("state", state, SchemaMessages.notOneOf(state, List.of("active", "error")));
    }

    private static RebootType rebootType(ObjectNode body, Microversion version) {
        String type = ServerRequests.scalar(JsonFields.requireObject(body, "reboot"), "type")
                .orElseThrow(() -> ApiException.badRequest("'type' is a required property"))
                .toUpperCase(Locale.ROOT);
        if (!type.equals("SOFT") && !type.equals("HARD")) {
            throw ApiException.badRequest("Invalid input for field/attribute type. Value: %s.", type);
        }
        return RebootType.valueOf(type);
    }

    /**
     * The last {@code length} lines, or all when there is no length or it is -1; Nova's console_output schema takes
     * an integer or a string of digits, -1 at least.
     */
    private static Optional<Integer> consoleLines(ObjectNode body, Microversion version) {
        JsonNode request = body.get("os-getConsoleOutput");
        JsonNode given = request != null && request.isObject() ? request.get("length") : null;
        if (given != null && !given.isNull()) {
            if (given.isTextual() && !given.asText().matches("^-?[0-9]+$")) {
                throw SchemaMessages.invalid("length", given, "%s does not match '^-?[0-9]+$'"
                        .formatted(SchemaMessages.pythonRepr(given)));
            }
            if (!given.isTextual() && !given.isIntegralNumber()) {
                throw SchemaMessages.invalid("length", given, SchemaMessages.notOfType(given, "integer", "string", "null"));
            }
            if (given.isIntegralNumber() && given.asLong() < -1) {
                throw SchemaMessages.invalid("length", given, "%s is less than the minimum of -1".formatted(given.asLong()));
            }
        }
        OptionalInt length = request != null && request.isObject() ? ServerRequests.integer(request, "length")
                : OptionalInt.empty();
        return length.isPresent() && length.getAsInt() >= 0 ? Optional.of(length.getAsInt()) : Optional.empty();
    }
}
