package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.api.Microversion;
import org.stackbox.common.JsonFields;
import org.stackbox.compute.CreateServer;
import org.stackbox.compute.NetworkRequest;
import org.stackbox.compute.RequestedMapping;
import org.stackbox.compute.UserData;
import org.stackbox.virt.DestinationType;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskBus;
import org.stackbox.virt.SourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Reads Nova request bodies into typed commands, refusing what Nova's schemas refuse (400). */
final class ServerRequests {
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final Pattern METADATA_KEY = Pattern.compile("^[a-zA-Z0-9-_:. ]{1,255}$");

    private ServerRequests() {}

    /** Nova's server update schema: the keys of {@code version}'s, and a name in the name format. */
    static void checkUpdate(ObjectNode server, Microversion version) {
        Set<String> allowed = new TreeSet<>(Set.of("name", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6"));
        if (version.atLeast(2, 19)) {
            allowed.add("description");
        }
        if (version.atLeast(2, 90)) {
            allowed.add("hostname");
        }
        JsonNode name = server.get("name");
        if (name != null) {
            NovaNames.check("name", name);
        }
        ServerCreateSchema.checkHostname(server, version);
        SchemaMessages.refuseUnknown(server, allowed, Optional.of("server"));
    }

    /** Nova's volume_attachments create schema: a volumeId in the uuid format, and the keys of {@code version}. */
    static void checkVolumeAttachment(ObjectNode attachment, Microversion version) {
        JsonNode volumeId = attachment.get("volumeId");
        if (volumeId != null && (!volumeId.isTextual() || !UUID.matcher(volumeId.asText()).matches())) {
            throw SchemaMessages.invalid("volumeId", volumeId, volumeId.isTextual()
                    ? "%s is not a 'uuid'".formatted(SchemaMessages.pythonRepr(volumeId))
                    : SchemaMessages.notOfType(volumeId, "string"));
        }
        if (volumeId == null) {
            throw SchemaMessages.invalid("volumeAttachment", attachment, SchemaMessages.required("volumeId"));
        }
        Set<String> allowed = new TreeSet<>(Set.of("volumeId", "device"));
        if (version.atLeast(2, 49)) {
            allowed.add("tag");
        }
        if (version.atLeast(2, 79)) {
            allowed.add("delete_on_termination");
        }
        SchemaMessages.refuseUnknown(attachment, allowed, Optional.of("volumeAttachment"));
    }

    /**
     * Nova's attach_interfaces create schema: net_id and port_id in the uuid format, fixed IPs that are addresses,
     * the keys of {@code version}; then its refusal of both a network and a port.
     */
    static void checkInterfaceAttachment(ObjectNode request, Microversion version) {
        for (String field : List.of("net_id", "port_id")) {
            JsonNode id = request.get(field);
            if (id != null && (!id.isTextual() || !UUID.matcher(id.asText()).matches())) {
                throw SchemaMessages.invalid(field, id, id.isTextual()
                        ? "%s is not a 'uuid'".formatted(SchemaMessages.pythonRepr(id))
                        : SchemaMessages.notOfType(id, "string"));
            }
        }
        JsonNode fixedIps = request.get("fixed_ips");
        if (fixedIps != null && fixedIps.isArray()) {
            for (JsonNode fixedIp : fixedIps) {
                JsonNode address = fixedIp.get("ip_address");
                if (address != null && !(address.isTextual() && (ServerCreateSchema.isAddress(address.asText(), "ipv4")
                        || ServerCreateSchema.isAddress(address.asText(), "ipv6")))) {
                    throw SchemaMessages.invalid("ip_address", address, "%s is not valid under any of the given schemas"
                            .formatted(SchemaMessages.pythonRepr(address)));
                }
            }
        }
        Set<String> allowed = new TreeSet<>(Set.of("net_id", "port_id", "fixed_ips"));
        if (version.atLeast(2, 49)) {
            allowed.add("tag");
        }
        SchemaMessages.refuseUnknown(request, allowed, Optional.of("interfaceAttachment"));
        if (request.has("net_id") && request.has("port_id")) {
            throw ApiException.badRequest("Must not input both network_id and port_id");
        }
    }

    /** The create request as the schema of {@code version} takes it. */
    static CreateServer create(ObjectNode body, Microversion version) {
        ServerCreateSchema.validate(body, version);
        ObjectNode server = (ObjectNode) body.get("server");
        String name = server.get("name").asText();
        String flavorRef = scalar(server, "flavorRef").orElseThrow(() ->
                ApiException.badRequest("Invalid input for field/attribute server. Value: %s. 'flavorRef' is a "
                        + "required property", server));
        List<RequestedMapping> mappings = new ArrayList<>();
        JsonNode bdms = server.get("block_device_mapping_v2");
        if (bdms != null && !bdms.isNull()) {
            if (!bdms.isArray()) {
                throw ApiException.badRequest("Invalid input for field/attribute block_device_mapping_v2.");
            }
            for (JsonNode bdm : bdms) {
                mappings.add(mapping(bdm));
            }
        }
        return new CreateServer(name, JsonFields.optionalString(server, "description"), scalar(server, "imageRef"),
                flavorRef, networks(server.get("networks")), mappings, JsonFields.optionalString(server, "key_name"),
                JsonFields.optionalString(server, "user_data").map(UserData::validate),
                metadata(server.get("metadata")),
                configDrive(server.get("config_drive")), JsonFields.optionalString(server, "availability_zone"),
                securityGroups(server.get("security_groups")), group(body));
    }

    /** The server group the scheduler hints name ({@code "group": UUID}), checked as Nova's schema checks it. */
    private static Optional<String> group(ObjectNode body) {
        JsonNode hints = body.has("os:scheduler_hints") ? body.get("os:scheduler_hints")
                : body.get("OS-SCH-HNT:scheduler_hints");
        if (hints == null || !hints.isObject() || !hints.has("group")) {
            return Optional.empty();
        }
        JsonNode group = hints.get("group");
        if (!group.isTextual()) {
            throw SchemaMessages.invalid("group", group, SchemaMessages.notOfType(group, "string"));
        }
        if (!UUID.matcher(group.asText()).matches()) {
            throw SchemaMessages.invalid("group", group, SchemaMessages.pythonRepr(group) + " is not a 'uuid'");
        }
        return Optional.of(group.asText());
    }

    /** Nova's schema: {@code [{"name": "web"}, ...]}, each a name (or id) of the project's groups. */
    private static List<String> securityGroups(JsonNode groups) {
        if (groups == null || groups.isNull()) {
            return List.of();
        }
        if (!groups.isArray()) {
            throw SchemaMessages.invalid("security_groups", groups, SchemaMessages.notOfType(groups, "array"));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode group : groups) {
            if (!group.isObject()) {
                throw SchemaMessages.invalid("security_groups", group, SchemaMessages.notOfType(group, "object"));
            }
            SchemaMessages.refuseUnknown(group, Set.of("name"), Optional.of("security_groups"));
            JsonNode name = group.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 255) {
                throw SchemaMessages.invalid("security_groups/name", name == null ? group : name,
                        name == null ? SchemaMessages.required("name") : SchemaMessages.notOfType(name, "string"));
            }
            names.add(name.asText());
        }
        return names;
    }

    private static RequestedMapping mapping(JsonNode bdm) {
        if (!bdm.isObject()) {
            throw ApiException.badRequest("Invalid input for field/attribute block_device_mapping_v2.");
        }
        SourceType source = enumValue(SourceType.class, scalar(bdm, "source_type").orElse("blank"), "source_type");
        Optional<String> destinationText = scalar(bdm, "destination_type");
        DestinationType destination = destinationText.isPresent()
                ? enumValue(DestinationType.class, destinationText.get(), "destination_type")
                : (source == SourceType.VOLUME || source == SourceType.SNAPSHOT ? DestinationType.VOLUME
                : DestinationType.LOCAL);
        return new RequestedMapping(source, destination, scalar(bdm, "uuid"), integer(bdm, "boot_index"),
                integer(bdm, "volume_size"), bool(bdm.get("delete_on_termination"), "delete_on_termination").orElse(false),
                scalar(bdm, "device_type").map(type -> enumValue(DeviceType.class, type, "device_type")),
                scalar(bdm, "disk_bus").map(bus -> {
                    try {
                        return DiskBus.fromOpenStackName(bus);
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest("Invalid input for field/attribute disk_bus. Value: %s.", bus);
                    }
                }),
                scalar(bdm, "device_name"));
    }

    private static NetworkRequest networks(JsonNode networks) {
        if (networks == null || networks.isNull()) {
            return new NetworkRequest.Auto();
        }
        if (networks.isTextual()) {
            return switch (networks.asText()) {
                case "none" -> new NetworkRequest.None();
                case "auto" -> new NetworkRequest.Auto();
                default -> throw ApiException.badRequest("Invalid input for field/attribute networks. Value: %s.",
                        networks.asText());
            };
        }
        if (!networks.isArray()) {
            throw ApiException.badRequest("Invalid input for field/attribute networks.");
        }
        List<NetworkRequest.Card> cards = new ArrayList<>();
        for (JsonNode network : networks) {
            if (!network.isObject()) {
                throw ApiException.badRequest("Invalid input for field/attribute networks.");
            }
            Optional<String> uuid = scalar(network, "uuid");
            Optional<String> port = scalar(network, "port");
            uuid.filter(id -> !isUuid(id)).ifPresent(id -> {
                throw ApiException.badRequest("Bad networks format: network uuid is not in proper format (%s)", id);
            });
            if (uuid.isEmpty() && port.isEmpty()) {
                throw ApiException.badRequest("Bad networks format: network uuid is not in proper format");
            }
            cards.add(new NetworkRequest.Card(port.isPresent() ? Optional.empty() : uuid, port,
                    scalar(network, "fixed_ip")));
        }
        return new NetworkRequest.Networks(cards);
    }

    static boolean isUuid(String text) {
        try {
            return java.util.UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Nova's {@code metadata} type: an object whose keys are 1 to 255 of {@code a-zA-Z0-9-_:. } and whose values are
     * strings of at most 255 characters.
     */
    static Map<String, String> metadata(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null) {
            return values;
        }
        if (!node.isObject()) {
            throw SchemaMessages.invalid("metadata", node, SchemaMessages.notOfType(node, "object"));
        }
        List<String> unexpected = new ArrayList<>();
        node.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (!METADATA_KEY.matcher(entry.getKey()).matches()) {
                unexpected.add(entry.getKey());
            } else if (!value.isTextual()) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.notOfType(value, "string"));
            } else if (value.asText().length() > NovaNames.MAX_LENGTH) {
                throw SchemaMessages.invalid(entry.getKey(), value, SchemaMessages.pythonRepr(value) + " is too long");
            }
            values.put(entry.getKey(), value.asText());
        });
        if (!unexpected.isEmpty()) {
            throw SchemaMessages.invalid("metadata", node, SchemaMessages.additionalProperties(unexpected));
        }
        return values;
    }

    static Map<String, String> stringMap(JsonNode node, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("Invalid input for field/attribute %s.", field);
        }
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s.", field, node);
            }
            values.put(entry.getKey(), entry.getValue().asText());
        });
        return values;
    }

    private static Optional<Boolean> configDrive(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual() && node.asText().isEmpty()) {
            return Optional.empty();
        }
        return bool(node, "config_drive");
    }

    /** Nova's {@code parameter_types.boolean}: a JSON boolean or one of the words oslo takes for one. */
    static Optional<Boolean> bool(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(node.asBoolean());
        }
        String text = node.asText().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes", "on", "t", "y" -> Optional.of(true);
            case "false", "0", "no", "off", "f", "n" -> Optional.of(false);
            default -> throw SchemaMessages.invalid(field, node, "%s is not one of [True, 'True', 'TRUE', "
                    .formatted(SchemaMessages.pythonRepr(node)) + "'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', "
                    + "'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']");
        };
    }

    /** A string, or a number given as one (novaclient sends boot_index and volume_size as strings). */
    static Optional<String> scalar(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s.", field, node);
        }
        return Optional.of(node.asText());
    }

    static OptionalInt integer(JsonNode parent, String field) {
        Optional<String> text = scalar(parent, field);
        if (text.isEmpty() || text.get().isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.get().strip()));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s. '%s' is not of type "
                    + "'integer'", field, text.get(), text.get());
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid input for field/attribute %s. Value: %s.", field, value);
        }
    }
}
