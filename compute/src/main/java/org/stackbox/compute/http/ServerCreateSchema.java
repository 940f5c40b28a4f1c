package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.Microversion;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.net.Ipv4Address;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The keys Nova's {@code POST /servers} schemas allow, per microversion ({@code nova/api/openstack/compute/schemas/
 * servers.py}: {@code create} for 2.1 to 2.18, {@code create_v219} ... {@code create_v294}), and the refusal of any
 * other key with the message Nova's validator makes of jsonschema's. Stackbox serves only {@code /v2.1}, where every
 * microversion refuses unknown keys (only the legacy {@code /v2} endpoint strips them).
 *
 * <p>A key is listed with the first and last microversion whose schema has it; Stackbox ignores most of them (min and
 * max count, access IPs, disk config ...), but Nova takes them, and the clients send some ({@code openstack server
 * create} always sends {@code min_count} and {@code max_count}).
 */
final class ServerCreateSchema {
    /** Besides {@code server}, the body may carry scheduler hints, under either of their two names. */
    static final Set<String> TOP_LEVEL = Set.of("server", "os:scheduler_hints", "OS-SCH-HNT:scheduler_hints");

    private record Span(Microversion first, Microversion last) {
        static Span since(int minor) {
            return new Span(new Microversion(2, minor), new Microversion(2, Integer.MAX_VALUE));
        }

        static Span between(int firstMinor, int lastMinor) {
            return new Span(new Microversion(2, firstMinor), new Microversion(2, lastMinor));
        }

        boolean covers(Microversion version) {
            return version.compareTo(first) >= 0 && version.compareTo(last) <= 0;
        }
    }

    private static final Span ALWAYS = Span.since(1);
    private static final Pattern DIGITS = Pattern.compile("^[0-9]*$");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");

    private static final Map<String, Span> SERVER = Map.ofEntries(
            Map.entry("name", ALWAYS), Map.entry("imageRef", ALWAYS), Map.entry("flavorRef", ALWAYS),
            Map.entry("adminPass", ALWAYS), Map.entry("metadata", ALWAYS), Map.entry("networks", ALWAYS),
            Map.entry("OS-DCF:diskConfig", ALWAYS), Map.entry("accessIPv4", ALWAYS), Map.entry("accessIPv6", ALWAYS),
            Map.entry("personality", Span.between(1, 56)), Map.entry("availability_zone", ALWAYS),
            Map.entry("block_device_mapping", ALWAYS), Map.entry("block_device_mapping_v2", ALWAYS),
            Map.entry("config_drive", ALWAYS), Map.entry("key_name", ALWAYS), Map.entry("min_count", ALWAYS),
            Map.entry("max_count", ALWAYS), Map.entry("return_reservation_id", ALWAYS),
            Map.entry("security_groups", ALWAYS), Map.entry("user_data", ALWAYS),
            Map.entry("description", Span.since(19)), Map.entry("tags", Span.since(52)),
            Map.entry("trusted_image_certificates", Span.since(63)), Map.entry("host", Span.since(74)),
            Map.entry("hypervisor_hostname", Span.since(74)), Map.entry("hostname", Span.since(90)));

    /** {@code tag} was in 2.32 only, by mistake, and came back in 2.42. */
    private static final Map<String, Span> NETWORK = Map.of(
            "fixed_ip", ALWAYS, "port", ALWAYS, "uuid", ALWAYS,
            "tag", Span.since(42), "tag in 2.32", Span.between(32, 32));

    private static final Map<String, Span> BLOCK_DEVICE_MAPPING = Map.ofEntries(
            Map.entry("virtual_name", ALWAYS), Map.entry("volume_id", ALWAYS), Map.entry("snapshot_id", ALWAYS),
            Map.entry("volume_size", ALWAYS), Map.entry("device_name", ALWAYS),
            Map.entry("delete_on_termination", ALWAYS), Map.entry("no_device", ALWAYS),
            Map.entry("connection_info", ALWAYS), Map.entry("source_type", ALWAYS), Map.entry("uuid", ALWAYS),
            Map.entry("image_id", ALWAYS), Map.entry("destination_type", ALWAYS), Map.entry("guest_format", ALWAYS),
            Map.entry("device_type", ALWAYS), Map.entry("disk_bus", ALWAYS), Map.entry("boot_index", ALWAYS),
            Map.entry("tag", Span.since(42)), Map.entry("tag in 2.32", Span.between(32, 32)),
            Map.entry("volume_type", Span.since(67)));

    private ServerCreateSchema() {}

    /**
     * Checks the body against the schema of {@code version} in the order Nova's validator reports failures: the
     * server's properties (the type of its name, the keys of its networks and block device mappings), its required
     * keys, its unknown keys, then the top level's.
     */
    static void validate(ObjectNode body, Microversion version) {
        JsonNode server = body.get("server");
        if (server == null) {
            throw ApiException.badRequest("%s", SchemaMessages.required("server"));
        }
        if (!server.isObject()) {
            throw SchemaMessages.invalid("server", server, SchemaMessages.notOfType(server, "object"));
        }
        validateServer(server, version);
        SchemaMessages.refuseUnknown(body, TOP_LEVEL, Optional.empty());
    }

    private static void validateServer(JsonNode server, Microversion version) {
        JsonNode name = server.get("name");
        if (name != null) {
            NovaNames.check("name", name);
        }
        checkHostname(server, version);
        JsonNode zone = server.get("availability_zone");
        if (zone != null && !zone.isTextual()) {
            throw SchemaMessages.invalid("availability_zone", zone, SchemaMessages.notOfType(zone, "string"));
        }
        JsonNode image = server.get("imageRef");
        if (image != null && !(image.isTextual() && (image.asText().isEmpty() || UUID.matcher(image.asText()).matches()))) {
            throw SchemaMessages.invalid("imageRef", image, "%s is not valid under any of the given schemas"
                    .formatted(SchemaMessages.pythonRepr(image)));
        }
        JsonNode adminPass = server.get("adminPass");
        if (adminPass != null && !adminPass.isTextual()) {
            throw SchemaMessages.invalid("adminPass", adminPass, SchemaMessages.notOfType(adminPass, "string"));
        }
        requireAddress(server, "accessIPv4", "ipv4");
        requireAddress(server, "accessIPv6", "ipv6");
        OptionalLong minCount = positiveInteger(server, "min_count");
        OptionalLong maxCount = positiveInteger(server, "max_count");
        JsonNode networks = server.get("networks");
        if (networks != null && networks.isArray()) {
            for (int index = 0; index < networks.size(); index++) {
                JsonNode network = networks.get(index);
                if (network.isObject() && !unknown(network, NETWORK, version).isEmpty()) {
                    throw networkRefusal(networks, index, version);
                }
                JsonNode uuid = network.get("uuid");
                if (version.atLeast(2, 37) && uuid != null && !(uuid.isTextual() && UUID.matcher(uuid.asText()).matches())) {
                    throw SchemaMessages.invalid("uuid", uuid, "%s is not a 'uuid'".formatted(SchemaMessages.pythonRepr(uuid)));
                }
            }
        }
        JsonNode mappings = server.get("block_device_mapping_v2");
        if (mappings != null && mappings.isArray()) {
            for (int index = 0; index < mappings.size(); index++) {
                JsonNode mapping = mappings.get(index);
                if (mapping.isObject()) {
                    SchemaMessages.refuseUnknown(mapping, allowed(BLOCK_DEVICE_MAPPING, version),
                            Optional.of(Integer.toString(index)));
                }
            }
        }
        for (String required : version.atLeast(2, 37) ? List.of("name", "flavorRef", "networks") : List.of("name", "flavorRef")) {
            if (!server.has(required)) {
                throw SchemaMessages.invalid("server", server, SchemaMessages.required(required));
            }
        }
        SchemaMessages.refuseUnknown(server, allowed(SERVER, version), Optional.of("server"));
        if (minCount.isPresent() && maxCount.isPresent() && minCount.getAsLong() > maxCount.getAsLong()) {
            throw ApiException.badRequest("min_count must be <= max_count");
        }
    }

    /**
     * The {@code hostname} of create and update: Nova's {@code hostname} type from 2.90 (letters, digits and dashes,
     * 2 to 63), its {@code fqdn} from 2.94 (also dots and underscores, 1 to 255); before 2.90 it is an unknown key.
     */
    static void checkHostname(JsonNode server, Microversion version) {
        JsonNode hostname = server.get("hostname");
        if (hostname == null || !version.atLeast(2, 90)) {
            return;
        }
        if (!hostname.isTextual()) {
            throw SchemaMessages.invalid("hostname", hostname, SchemaMessages.notOfType(hostname, "string"));
        }
        boolean fqdn = version.atLeast(2, 94);
        String pattern = fqdn ? "^[a-zA-Z0-9-._]*$" : "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$";
        String text = hostname.asText();
        String repr = SchemaMessages.pythonRepr(hostname);
        if (!Pattern.compile(pattern).matcher(text).find()) {
            throw SchemaMessages.invalid("hostname", hostname, "%s does not match '%s'".formatted(repr, pattern));
        }
        if (text.length() < (fqdn ? 1 : 2)) {
            throw SchemaMessages.invalid("hostname", hostname, repr + " is too short");
        }
        if (text.length() > (fqdn ? 255 : 63)) {
            throw SchemaMessages.invalid("hostname", hostname, repr + " is too long");
        }
    }

    /** Nova's {@code positive_integer}: an integer, or a string of digits, at least 1. */
    private static OptionalLong positiveInteger(JsonNode server, String field) {
        JsonNode value = server.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        } else if (value.isTextual()) {
            if (value.asText().isEmpty()) {
                throw SchemaMessages.invalid(field, value, "'' is too short");
            }
            if (!DIGITS.matcher(value.asText()).matches()) {
                throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value)
                        + " does not match '^[0-9]*$'");
            }
            number = value.asText().length() > 18 ? Long.MAX_VALUE : Long.parseLong(value.asText());
        } else {
            throw SchemaMessages.invalid(field, value, SchemaMessages.notOfType(value, "integer", "string"));
        }
        if (number < 1) {
            throw SchemaMessages.invalid(field, value, SchemaMessages.pythonRepr(value)
                    + " is less than the minimum of 1");
        }
        return OptionalLong.of(number);
    }

    /** Nova's access addresses: strings in the {@code ipv4} or {@code ipv6} format. */
    /** Refuses {@code field} of {@code server} unless it is absent or a string in {@code format} (ipv4, ipv6). */
    static void requireAddress(JsonNode server, String field, String format) {
        JsonNode value = server.get(field);
        if (value == null) {
            return;
        }
        if (!value.isTextual()) {
            throw SchemaMessages.invalid(field, value, SchemaMessages.notOfType(value, "string"));
        }
        if (!isAddress(value.asText(), format)) {
            throw SchemaMessages.invalid(field, value, "%s is not a '%s'".formatted(SchemaMessages.pythonRepr(value),
                    format));
        }
    }

    static boolean isAddress(String text, String format) {
        if (format.equals("ipv4")) {
            try {
                Ipv4Address.parse(text);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        // An IPv6 literal: hexadecimal groups and colons (an embedded IPv4 tail allowed). Text with a colon is parsed
        // as a literal by the JDK, never looked up as a name.
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * From 2.37 {@code networks} is one of a list or {@code none}/{@code auto}, so a bad entry fails the whole
     * {@code oneOf} and jsonschema names the list; before, it names the entry by its index.
     */
    private static RuntimeException networkRefusal(JsonNode networks, int index, Microversion version) {
        if (version.atLeast(2, 37)) {
            return SchemaMessages.invalid("networks", networks,
                    SchemaMessages.pythonRepr(networks) + " is not valid under any of the given schemas");
        }
        JsonNode network = networks.get(index);
        return SchemaMessages.invalid(Integer.toString(index), network,
                SchemaMessages.additionalProperties(unknown(network, NETWORK, version)));
    }

    private static Set<String> unknown(JsonNode object, Map<String, Span> schema, Microversion version) {
        return SchemaMessages.unexpected(object, allowed(schema, version));
    }

    private static Set<String> allowed(Map<String, Span> schema, Microversion version) {
        Set<String> allowed = new TreeSet<>();
        schema.forEach((key, span) -> {
            if (span.covers(version)) {
                allowed.add(key.replace(" in 2.32", ""));
            }
        });
        return allowed;
    }
}
