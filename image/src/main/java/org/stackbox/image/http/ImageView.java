package org.stackbox.image.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.stackbox.image.Image;

import java.util.List;
import java.util.SortedMap;

import static java.util.Objects.requireNonNull;

/**
 * An image as Glance writes it in a create, show, update or list: the free-form properties first, then the base
 * attributes in the order of the recorded samples; nulls are written, as Glance writes them.
 *
 * @param properties the free-form properties, each a key of its own beside the base attributes
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"properties", "name", "disk_format", "container_format", "visibility", "size", "virtual_size",
        "status", "checksum", "protected", "min_ram", "min_disk", "owner", "os_hidden", "os_hash_algo",
        "os_hash_value", "id", "created_at", "updated_at", "tags", "self", "file", "schema"})
record ImageView(
        @JsonAnyGetter SortedMap<String, String> properties,
        @JsonProperty("name") String name,
        @JsonProperty("disk_format") String diskFormat,
        @JsonProperty("container_format") String containerFormat,
        @JsonProperty("visibility") String visibility,
        @JsonProperty("size") Long size,
        @JsonProperty("virtual_size") Long virtualSize,
        @JsonProperty("status") String status,
        @JsonProperty("checksum") String checksum,
        @JsonProperty("protected") boolean isProtected,
        @JsonProperty("min_ram") int minRam,
        @JsonProperty("min_disk") int minDisk,
        @JsonProperty("owner") String owner,
        @JsonProperty("os_hidden") boolean hidden,
        @JsonProperty("os_hash_algo") String hashAlgorithm,
        @JsonProperty("os_hash_value") String hashValue,
        @JsonProperty("id") String id,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("self") String self,
        @JsonProperty("file") String file,
        @JsonProperty("schema") String schema) {

    ImageView {
        requireNonNull(properties, "properties is null");
        requireNonNull(id, "id is null");
        tags = List.copyOf(tags);
    }

    static ImageView of(Image image) {
        String self = "/v2/images/" + image.id();
        return new ImageView(image.properties(), image.name(),
                image.diskFormat() == null ? null : image.diskFormat().wireName(),
                image.containerFormat() == null ? null : image.containerFormat().wireName(),
                image.visibility().wireName(), image.size(), image.virtualSize(), image.status().wireName(),
                image.checksum(), image.isProtected(), image.minRam(), image.minDisk(), image.owner(), image.hidden(),
                image.hashAlgorithm(), image.hashValue(), image.id(), image.createdAt().toString(),
                image.updatedAt().toString(), image.tags(), self, self + "/file", "/v2/schemas/image");
    }
}
