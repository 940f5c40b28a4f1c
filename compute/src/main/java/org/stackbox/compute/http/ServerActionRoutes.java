package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.Microversion;
import org.stackbox.api.Responses;
import org.stackbox.common.JsonFields;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.ServerOperations;
import org.stackbox.compute.model.ServerAction;
import org.stackbox.virt.RebootType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
    static final Map<String, String> RULES = Map.of(
            "os-start", "os_compute_api:servers:start",
            "os-stop", "os_compute_api:servers:stop",
            "reboot", "os_compute_api:servers:reboot",
            "os-getConsoleOutput", "os_compute_api:os-console-output",
            ConsoleRoutes.VNC_ACTION, "os_compute_api:os-remote-consoles",
            ConsoleRoutes.SERIAL_ACTION, "os_compute_api:os-remote-consoles",
            IsoMediaRoutes.EJECT, "stackbox:compute:iso-media:eject",
            IsoMediaRoutes.INSERT, "stackbox:compute:iso-media:insert");

    private final List<Row<?>> rows;

    ServerActionRoutes(ServerOperations servers, ConsoleRoutes consoles, IsoMediaRoutes isoMedia) {
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
