package org.stackbox.compute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.SchemaMessages;
import org.stackbox.volume.spi.Volumes.VolumeRequest;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bodies of Nova's volume proxy, checked as its schemas ({@code schemas/volumes.py}, {@code schemas/snapshots.py})
 * check them: {@code {"volume": {"size": ..., ...}}} and {@code {"snapshot": {"volume_id": ..., ...}}}. What Nova's
 * schema lets through and Cinder's refuses is refused with Cinder's words, as Nova passes them on.
 */
final class VolumeProxyRequests {
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
    private static final BigInteger LARGEST_SIZE = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final Set<String> VOLUME_FIELDS = Set.of("volume_type", "metadata", "snapshot_id", "size",
            "availability_zone", "display_name", "display_description");
    private static final Set<String> SNAPSHOT_FIELDS = Set.of("volume_id", "force", "display_name",
            "display_description");

    /** A snapshot as Nova's proxy asks for one. */
    record SnapshotRequest(String volumeId, boolean force, String name, String description) {}

    private VolumeProxyRequests() {}

    static VolumeRequest volume(ObjectNode body) {
        JsonNode volume = member(body, "volume", VOLUME_FIELDS);
        return new VolumeRequest(size(volume.get("size")), NovaBodies.string(volume, "display_name").orElse(null),
                NovaBodies.string(volume, "display_description").orElse(null), NovaBodies.string(volume, "volume_type"),
                NovaBodies.string(volume, "availability_zone"), NovaBodies.string(volume, "snapshot_id"), metadata(volume.get("metadata")));
    }

    static SnapshotRequest snapshot(ObjectNode body) {
        JsonNode snapshot = member(body, "snapshot", SNAPSHOT_FIELDS);
        return new SnapshotRequest(NovaBodies.string(snapshot, "volume_id").orElseThrow(),
                ServerRequests.bool(snapshot.get("force"), "force").orElse(false),
                NovaBodies.string(snapshot, "display_name").orElse(null), NovaBodies.string(snapshot, "display_description").orElse(null));
    }

    /** The body's one member {@code name}: an object with only {@code fields}, all of {@code required} among them. */
    private static JsonNode member(ObjectNode body, String name, Set<String> fields) {
        JsonNode member = NovaBodies.member(body, name, fields);
        String required = name.equals("volume") ? "size" : "volume_id";
        if (!member.has(required)) {
            throw SchemaMessages.invalid(name, member, SchemaMessages.required(required));
        }
        return member;
    }

    /** Nova's {@code size}: an integer of at least 1 or a string of digits; Cinder refuses 0 and the too large. */
    private static int size(JsonNode size) {
        if (size.isIntegralNumber()) {
            if (size.bigIntegerValue().signum() < 1) {
                throw SchemaMessages.invalid("size", size, "%s is less than the minimum of 1".formatted(size));
            }
        } else if (!size.isTextual()) {
            throw SchemaMessages.invalid("size", size, SchemaMessages.notOfType(size, "integer", "string"));
        } else if (!DIGITS.matcher(size.asText()).matches()) {
            throw SchemaMessages.invalid("size", size, "%s does not match '^[0-9]+$'"
                    .formatted(SchemaMessages.pythonRepr(size)));
        }
        BigInteger value = new BigInteger(size.asText());
        if (value.signum() < 1) {
            throw VolumeProxyFaults.refusedByCinder(("Invalid input received: Volume size '%s' must be an integer and "
                    + "greater than 0.").formatted(value));
        }
        if (value.compareTo(LARGEST_SIZE) > 0) {
            throw VolumeProxyFaults.refusedByCinder(SchemaMessages.invalidInput("size", size,
                    "%s is greater than the maximum of %s".formatted(value, LARGEST_SIZE)));
        }
        return value.intValue();
    }

    /** Nova takes any object; Cinder keeps strings only, and says so of another value. */
    private static Map<String, String> metadata(JsonNode metadata) {
        Map<String, String> items = new LinkedHashMap<>();
        if (metadata == null) {
            return items;
        }
        if (!metadata.isObject()) {
            throw SchemaMessages.invalid("metadata", metadata, SchemaMessages.notOfType(metadata, "object"));
        }
        metadata.fields().forEachRemaining(item -> {
            if (!item.getValue().isTextual()) {
                throw VolumeProxyFaults.refusedByCinder(SchemaMessages.invalidInput(item.getKey(), item.getValue(),
                        SchemaMessages.notOfType(item.getValue(), "string")));
            }
            items.put(item.getKey(), item.getValue().asText());
        });
        return items;
    }
}
