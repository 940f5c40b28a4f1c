package org.stackbox.image.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON schemas Glance publishes at {@code /v2/schemas/image} and {@code /v2/schemas/images}. glanceclient
 * downloads them before anything else, builds its command-line options from them and validates requests against
 * them, so they must describe exactly what the image API accepts.
 */
final class ImageSchemas {
    static final List<String> DISK_FORMATS = List.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
    static final List<String> CONTAINER_FORMATS = List.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
    static final List<String> STATUSES = List.of("queued", "saving", "active", "killed", "deleted", "uploading", "importing",
            "pending_delete", "deactivated");
    static final List<String> VISIBILITIES = List.of("community", "public", "private", "shared");

    private ImageSchemas() {}

    static Map<String, Object> image() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", property("string", "An identifier for the image", true,
                Map.of("pattern", "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$")));
        properties.put("name", property(List.of("null", "string"), "Descriptive name for the image", false, Map.of("maxLength", 255)));
        properties.put("status", property("string", "Status of the image", true, Map.of("enum", STATUSES)));
        properties.put("visibility", property("string", "Scope of image accessibility", false, Map.of("enum", VISIBILITIES)));
        properties.put("protected", property("boolean", "If true, image will not be deletable.", false, Map.of()));
        properties.put("os_hidden", property("boolean", "If true, image will not appear in default image list response.", false, Map.of()));
        properties.put("checksum", property(List.of("null", "string"), "md5 hash of image contents.", true, Map.of("maxLength", 32)));
        properties.put("os_hash_algo", property(List.of("null", "string"), "Algorithm to calculate the os_hash_value", true, Map.of("maxLength", 64)));
        properties.put("os_hash_value", property(List.of("null", "string"), "Hexdigest of the image contents using the algorithm specified by the os_hash_algo", true, Map.of("maxLength", 128)));
        properties.put("owner", property(List.of("null", "string"), "Owner of the image", false, Map.of("maxLength", 255)));
        properties.put("size", property(List.of("null", "integer"), "Size of image file in bytes", true, Map.of()));
        properties.put("virtual_size", property(List.of("null", "integer"), "Virtual size of image in bytes", true, Map.of()));
        properties.put("container_format", property(List.of("null", "string"), "Format of the container", false,
                Map.of("enum", nullable(CONTAINER_FORMATS))));
        properties.put("disk_format", property(List.of("null", "string"), "Format of the disk", false,
                Map.of("enum", nullable(DISK_FORMATS))));
        properties.put("created_at", property("string", "Date and time of image registration", true, Map.of()));
        properties.put("updated_at", property("string", "Date and time of the last image modification", true, Map.of()));
        properties.put("tags", property("array", "List of strings related to the image", false,
                Map.of("items", Map.of("type", "string", "maxLength", 255))));
        properties.put("direct_url", property("string", "URL to access the image file kept in external store", true, Map.of()));
        properties.put("min_ram", property("integer", "Amount of ram (in MB) required to boot image.", false, Map.of()));
        properties.put("min_disk", property("integer", "Amount of disk space (in GB) required to boot image.", false, Map.of()));
        properties.put("self", property("string", "An image self url", true, Map.of()));
        properties.put("file", property("string", "An image file url", true, Map.of()));
        properties.put("stores", property("string", "Store in which image data resides.  Only present when the operator has enabled multiple stores.", true, Map.of()));
        properties.put("schema", property("string", "An image schema url", true, Map.of()));
        properties.put("locations", property("array", "A set of URLs to access the image file kept in external store", false,
                Map.of("items", Map.of("type", "object", "properties", Map.of(
                        "url", Map.of("type", "string", "maxLength", 255),
                        "metadata", Map.of("type", "object")), "required", List.of("url", "metadata")))));

        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "image");
        schema.put("properties", properties);
        schema.put("additionalProperties", Map.of("type", "string"));
        schema.put("links", List.of(
                Map.of("rel", "self", "href", "{self}"),
                Map.of("rel", "enclosure", "href", "{file}"),
                Map.of("rel", "describedby", "href", "{schema}")));
        return schema;
    }

    static Map<String, Object> images() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "images");
        schema.put("properties", Map.of(
                "images", Map.of("type", "array", "items", image()),
                "schema", Map.of("type", "string"),
                "first", Map.of("type", "string"),
                "next", Map.of("type", "string")));
        schema.put("links", List.of(
                Map.of("rel", "first", "href", "{first}"),
                Map.of("rel", "next", "href", "{next}"),
                Map.of("rel", "describedby", "href", "{schema}")));
        return schema;
    }

    static Map<String, Object> member() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("created_at", Map.of("type", "string", "description", "Date and time of image member creation"));
        properties.put("image_id", Map.of("type", "string", "description", "An identifier for the image",
                "pattern", "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$"));
        properties.put("member_id", Map.of("type", "string", "description", "An identifier for the image member (tenantId)"));
        properties.put("schema", Map.of("type", "string", "readOnly", true));
        properties.put("status", Map.of("type", "string", "description", "The status of this image member",
                "enum", List.of("pending", "accepted", "rejected")));
        properties.put("updated_at", Map.of("type", "string", "description", "Date and time of last modification of image member"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "member");
        schema.put("properties", properties);
        return schema;
    }

    static Map<String, Object> members() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "members");
        schema.put("properties", Map.of(
                "members", Map.of("type", "array", "items", member()),
                "schema", Map.of("type", "string")));
        schema.put("links", List.of(Map.of("rel", "self", "href", "{self}"), Map.of("rel", "describedby", "href", "{schema}")));
        return schema;
    }

    private static Map<String, Object> property(Object type, String description, boolean readOnly, Map<String, Object> extra) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", type);
        if (readOnly) {
            property.put("readOnly", true);
        }
        property.put("description", description);
        property.putAll(extra);
        return property;
    }

    private static List<Object> nullable(List<String> values) {
        List<Object> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        withNull.addAll(values);
        return withNull;
    }
}
