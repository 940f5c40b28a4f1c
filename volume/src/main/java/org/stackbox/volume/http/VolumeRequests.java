package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.Microversion;
import org.stackbox.api.SchemaMessages;
import org.stackbox.volume.NewVolume;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.stackbox.volume.http.RequestFields.optionalBoolean;
import static org.stackbox.volume.http.RequestFields.optionalName;
import static org.stackbox.volume.http.RequestFields.optionalSize;
import static org.stackbox.volume.http.RequestFields.optionalUuid;
import static org.stackbox.volume.http.RequestFields.optionalString;
import static org.stackbox.volume.http.RequestFields.optionalStringMap;

/**
 * {@code POST /volumes} bodies, as Cinder's schemas take them ({@code cinder/api/schemas/volumes.py}): the body holds
 * the volume and perhaps scheduler hints, nothing else, at every microversion; the volume itself refuses unknown keys
 * from 3.53 ({@code create_volume_v353}), and takes {@code group_id} from 3.13 and {@code backup_id} from 3.47.
 */
final class VolumeRequests {
    static final Set<String> TOP_LEVEL = Set.of("volume", "OS-SCH-HNT:scheduler_hints");
    private static final Set<String> VOLUME = Set.of("name", "description", "display_name", "display_description",
            "volume_type", "metadata", "snapshot_id", "source_volid", "consistencygroup_id", "size",
            "availability_zone", "multiattach", "image_id", "imageRef");

    private VolumeRequests() {}

    static NewVolume create(ObjectNode body, Microversion version) {
        JsonNode node = body.get("volume");
        if (node != null && !node.isObject()) {
            throw SchemaMessages.invalid("volume", node, SchemaMessages.notOfType(node, "object"));
        }
        if (node == null) {
            throw ApiException.badRequest("%s", SchemaMessages.required("volume"));
        }
        if (version.atLeast(3, 53)) {
            SchemaMessages.refuseUnknown(node, allowed(version), Optional.of("volume"));
        }
        SchemaMessages.refuseUnknown(body, TOP_LEVEL, Optional.empty());
        ObjectNode volume = (ObjectNode) node;
        if (optionalBoolean(volume, "multiattach").orElse(false)) {
            throw ApiException.badRequest("Invalid input received: multiattach volumes are not supported: a volume "
                    + "backs one server at a time.");
        }
        optionalString(volume, "backup_id").ifPresent(backup -> {
            throw ApiException.badRequest("Invalid input received: volume backups are not supported.");
        });
        return new NewVolume(
                optionalSize(volume, "size"),
                optionalName(volume, "name", "name").or(() -> optionalName(volume, "display_name", "name")).orElse(null),
                optionalName(volume, "description", "description")
                        .or(() -> optionalName(volume, "display_description", "description")).orElse(null),
                optionalString(volume, "imageRef").or(() -> optionalString(volume, "image_id")),
                optionalUuid(volume, "source_volid"),
                optionalUuid(volume, "snapshot_id"),
                optionalString(volume, "volume_type"),
                optionalString(volume, "availability_zone"),
                optionalStringMap(volume, "metadata").orElse(Map.of()));
    }

    private static Set<String> allowed(Microversion version) {
        Set<String> allowed = new TreeSet<>(VOLUME);
        if (version.atLeast(3, 13)) {
            allowed.add("group_id");
        }
        if (version.atLeast(3, 47)) {
            allowed.add("backup_id");
        }
        return allowed;
    }
}
