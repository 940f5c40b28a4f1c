package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.compute.keypair.KeyPair;
import org.stackbox.compute.keypair.KeyPairService;
import org.stackbox.compute.keypair.KeyType;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * {@code /os-keypairs}, with the microversions that change it: 2.2 adds {@code type} (and 201/204 codes), 2.10 lets
 * an administrator name the {@code user_id}, 2.35 pages the list, 2.75 refuses unknown query parameters, 2.92
 * requires {@code public_key} (no more generated keys) and allows {@code @} and {@code .} in names.
 */
final class KeyPairRoutes {
    private static final String BASE = "/v2.1/os-keypairs";
    private static final int MAX_LIMIT = 1000;
    private static final Pattern NAME = Pattern.compile("^[_\\- a-zA-Z0-9]+$");
    private static final Pattern NAME_V292 = Pattern.compile("^[_\\-@. a-zA-Z0-9]+$");
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final KeyPairService keyPairs;
    private final MicroversionNegotiator versions;
    private final String computeUrl;

    KeyPairRoutes(KeyPairService keyPairs, MicroversionNegotiator versions, String computeUrl) {
        this.keyPairs = requireNonNull(keyPairs, "keyPairs is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.post(BASE, "os_compute_api:os-keypairs:create", this::create);
        routes.get(BASE, "os_compute_api:os-keypairs:index", this::list);
        routes.get(BASE + "/{name}", "os_compute_api:os-keypairs:show", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            checkQuery(context, version, Set.of("user_id"));
            KeyPair keyPair = keyPairs.get(caller, userId(context, version), context.pathParam("name"));
            Responses.ok(context, Map.of("keypair", show(keyPair, version)));
        });
        routes.delete(BASE + "/{name}", "os_compute_api:os-keypairs:delete", (context, caller) -> {
            Microversion version = versions.negotiate(context);
            checkQuery(context, version, Set.of("user_id"));
            keyPairs.delete(caller, userId(context, version), context.pathParam("name"));
            context.status(version.atLeast(2, 2) ? 204 : 202);
        });
    }

    private void create(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        KeyPairService.CreateKeyPair request = createRequest(NovaBodies.object(context), version);
        KeyPairService.Created created = keyPairs.create(caller, request);
        Map<String, Object> view = new LinkedHashMap<>();
        created.privateKey().ifPresent(privateKey -> view.put("private_key", privateKey));
        if (version.atLeast(2, 2)) {
            view.put("type", created.keyPair().type().wireName());
        }
        view.putAll(summary(created.keyPair()));
        view.put("user_id", created.keyPair().userId());
        Responses.json(context, version.atLeast(2, 2) ? 201 : 200, Map.of("keypair", view));
    }

    private void list(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        boolean paged = version.atLeast(2, 35);
        checkQuery(context, version, paged ? Set.of("user_id", "limit", "marker") : Set.of("user_id"));
        OptionalInt limit = paged ? limit(context) : OptionalInt.empty();
        Optional<String> marker = paged ? Optional.ofNullable(context.queryParam("marker")) : Optional.empty();
        List<KeyPair> found = keyPairs.list(caller, userId(context, version), marker,
                OptionalInt.of(Math.min(limit.orElse(MAX_LIMIT), MAX_LIMIT)));
        List<Object> items = new ArrayList<>();
        for (KeyPair keyPair : found) {
            Map<String, Object> item = summary(keyPair);
            if (version.atLeast(2, 2)) {
                item.put("type", keyPair.type().wireName());
            }
            items.add(Map.of("keypair", item));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keypairs", items);
        int pageSize = Math.min(limit.orElse(MAX_LIMIT), MAX_LIMIT);
        if (paged && pageSize > 0 && found.size() == pageSize) {
            body.put("keypairs_links", List.of(Map.of("rel", "next",
                    "href", new NovaListQuery(context).nextHref(computeUrl + BASE, found.get(found.size() - 1).name()))));
        }
        Responses.ok(context, body);
    }

    /**
     * The create request, checked in the order of Nova's validator: the key pair's property types, its required
     * keys, its unknown keys, then the body's own.
     */
    static KeyPairService.CreateKeyPair createRequest(ObjectNode body, Microversion version) {
        JsonNode node = body.get("keypair");
        if (node != null && !node.isObject()) {
            throw SchemaMessages.invalid("keypair", node, SchemaMessages.notOfType(node, "object"));
        }
        if (node == null) {
            throw ApiException.badRequest("%s", SchemaMessages.required("keypair"));
        }
        Set<String> allowed = new TreeSet<>(List.of("name", "public_key"));
        if (version.atLeast(2, 2)) {
            allowed.add("type");
        }
        if (version.atLeast(2, 10)) {
            allowed.add("user_id");
        }
        Optional<String> nameValue = NovaBodies.string(node, "name");
        Optional<String> publicKey = NovaBodies.string(node, "public_key");
        Optional<String> typeText = allowed.contains("type") ? NovaBodies.string(node, "type") : Optional.empty();
        Optional<String> userId = allowed.contains("user_id") ? NovaBodies.string(node, "user_id") : Optional.empty();
        String name = nameValue.orElseThrow(() -> SchemaMessages.invalid("keypair", node,
                SchemaMessages.required("name")));
        if (version.atLeast(2, 92) && publicKey.isEmpty()) {
            throw SchemaMessages.invalid("keypair", node, SchemaMessages.required("public_key"));
        }
        SchemaMessages.refuseUnknown(node, allowed, Optional.of("keypair"));
        SchemaMessages.refuseUnknown(body, Set.of("keypair"), Optional.empty());
        requireName(name, version.atLeast(2, 92) ? NAME_V292 : NAME);
        KeyType type = typeText.map(text -> KeyType.fromWireName(text).orElseThrow(() ->
                SchemaMessages.invalid("type", node.get("type"), SchemaMessages.notOneOf(node.get("type"),
                        List.of("ssh", "x509"))))).orElse(KeyType.SSH);
        return new KeyPairService.CreateKeyPair(name, type, publicKey, userId);
    }

    private static void requireName(String name, Pattern pattern) {
        if (name.isEmpty() || name.length() > 255 || !name.strip().equals(name)) {
            throw ApiException.badRequest("An invalid 'name' value was provided. The name must be: printable "
                    + "characters. Can not start or end with whitespace.");
        }
        if (!pattern.matcher(name).matches()) {
            throw ApiException.badRequest("Invalid input for field/attribute name. Value: %s. '%s' does not match "
                    + "'%s'", name, name, pattern.pattern().replace("\\", "\\\\"));
        }
    }

    private static Optional<String> userId(Context context, Microversion version) {
        return version.atLeast(2, 10) ? Optional.ofNullable(context.queryParam("user_id")) : Optional.empty();
    }

    private static OptionalInt limit(Context context) {
        String text = context.queryParam("limit");
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 0) {
                return OptionalInt.of(limit);
            }
        } catch (NumberFormatException e) {
            // Refused below, as Nova refuses it.
        }
        throw ApiException.badRequest("Invalid input for query parameters limit. Value: %s. '%s' is not a "
                + "'non-negative-integer'", text, text);
    }

    /** From 2.75 Nova refuses query parameters it does not know. */
    private static void checkQuery(Context context, Microversion version, Set<String> known) {
        if (!version.atLeast(2, 75)) {
            return;
        }
        for (String parameter : context.queryParamMap().keySet()) {
            if (!known.contains(parameter)) {
                throw ApiException.badRequest("Additional properties are not allowed ('%s' was unexpected)",
                        parameter);
            }
        }
    }

    private static Map<String, Object> summary(KeyPair keyPair) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", keyPair.name());
        view.put("public_key", keyPair.publicKey());
        view.put("fingerprint", keyPair.fingerprint());
        return view;
    }

    private static Map<String, Object> show(KeyPair keyPair, Microversion version) {
        Map<String, Object> view = summary(keyPair);
        view.put("user_id", keyPair.userId());
        view.put("created_at", CREATED_AT.format(keyPair.createdAt()));
        view.put("deleted", false);
        view.put("deleted_at", null);
        view.put("id", keyPair.id());
        view.put("updated_at", null);
        if (version.atLeast(2, 2)) {
            view.put("type", keyPair.type().wireName());
        }
        return view;
    }
}
