package org.stackbox.compute;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.image.spi.ImageDescription;
import org.stackbox.virt.DestinationType;
import org.stackbox.virt.DeviceType;
import org.stackbox.virt.DiskBus;
import org.stackbox.virt.SourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The block device mappings an image carries, as Nova writes them into the snapshot of a server booted from a volume
 * ({@code bdm_v2=True}, {@code block_device_mapping} a JSON list of mappings from volume snapshots) and reads them
 * back when a server boots from that image: the server gets new volumes from the snapshots instead of the image's
 * (empty) data.
 */
final class ImageBlockDevices {
    static final String MAPPINGS = "block_device_mapping";
    static final String VERSION_2 = "bdm_v2";
    static final String ROOT_DEVICE_NAME = "root_device_name";

    /** The fields of Nova's image mapping that a snapshot of a volume leaves null. */
    private static final List<String> UNSET_FIELDS = List.of("volume_id", "image_id", "disk_bus", "guest_format",
            "no_device", "tag", "volume_type");

    private ImageBlockDevices() {}

    /** The image's mappings; empty for an image that has none (its data is the root disk). */
    static List<RequestedMapping> of(ImageDescription image) {
        String mappings = image.properties().get(MAPPINGS);
        if (mappings == null || !"true".equalsIgnoreCase(image.properties().getOrDefault(VERSION_2, ""))) {
            return List.of();
        }
        JsonNode list;
        try {
            list = Json.MAPPER.readTree(mappings);
        } catch (java.io.IOException e) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: the %s of image %s is not JSON.",
                    MAPPINGS, image.id());
        }
        List<RequestedMapping> requested = new ArrayList<>();
        for (JsonNode entry : list) {
            SourceType source = enumOf(SourceType.class, entry.path("source_type").asText("blank"));
            String uuid = switch (source) {
                case SNAPSHOT -> entry.path("snapshot_id").asText(null);
                case VOLUME -> entry.path("volume_id").asText(null);
                case IMAGE -> entry.path("image_id").asText(null);
                case BLANK -> null;
            };
            requested.add(new RequestedMapping(source,
                    enumOf(DestinationType.class, entry.path("destination_type").asText("volume")),
                    Optional.ofNullable(uuid),
                    entry.path("boot_index").isIntegralNumber() ? OptionalInt.of(entry.path("boot_index").asInt())
                            : OptionalInt.empty(),
                    entry.path("volume_size").isIntegralNumber() ? OptionalInt.of(entry.path("volume_size").asInt())
                            : OptionalInt.empty(),
                    entry.path("delete_on_termination").asBoolean(false),
                    Optional.ofNullable(entry.path("device_type").asText(null)).map(t -> enumOf(DeviceType.class, t)),
                    Optional.ofNullable(entry.path("disk_bus").asText(null)).map(b -> enumOf(DiskBus.class, b)),
                    Optional.ofNullable(entry.path("device_name").asText(null))));
        }
        return requested;
    }

    /** One mapping of a server's volume, snapshotted, as Nova's {@code get_image_mapping} writes it. */
    static Map<String, Object> snapshotMapping(String snapshotId, int volumeSizeGib, Integer bootIndex,
                                               String deviceName, boolean deleteOnTermination) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("source_type", "snapshot");
        mapping.put("destination_type", "volume");
        mapping.put("snapshot_id", snapshotId);
        mapping.put("volume_size", volumeSizeGib);
        mapping.put("boot_index", bootIndex);
        mapping.put("device_name", deviceName);
        mapping.put("delete_on_termination", deleteOnTermination);
        mapping.put("device_type", "disk");
        for (String unset : UNSET_FIELDS) {
            mapping.put(unset, null);
        }
        return mapping;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("Block Device Mapping is Invalid: unknown %s %s in an image's mappings.",
                    type.getSimpleName(), value);
        }
    }
}
