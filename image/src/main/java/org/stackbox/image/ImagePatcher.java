package org.stackbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.image.spi.DiskFormat;

import java.util.ArrayList;
import java.util.stream.Collectors;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Applies attribute changes to an image with Glance's rules: which attributes are read-only or reserved, the type of
 * each, who may publish, and what may change after data arrived. Pure: it changes a builder, nothing else.
 */
final class ImagePatcher {
    /** Attributes only Glance sets; a request naming them is refused with 403, as Glance does. */
    static final Set<String> READ_ONLY = Set.of("id", "status", "checksum", "os_hash_algo", "os_hash_value", "size",
            "virtual_size", "created_at", "updated_at", "self", "file", "schema", "direct_url", "stores", "locations");
    /** Glance's _reserved_properties: names its database uses for itself. */
    static final Set<String> RESERVED = Set.of("location", "deleted", "deleted_at");
    /** Properties the format inspector records from the data itself; users may not forge them. */
    static final Set<String> INSPECTED = Set.of("iso_volume_label", "iso_bootable");
    private static final int MAX_LENGTH = 255;

    private ImagePatcher() {}

    static void apply(Caller caller, Image.Builder image, ImageStatus status, PatchOperation operation) {
        String attribute = operation.attribute();
        if (READ_ONLY.contains(attribute)) {
            throw ServiceException.forbidden("Attribute '%s' is read-only.", attribute);
        }
        if (attribute.startsWith("os_glance") || INSPECTED.contains(attribute) || RESERVED.contains(attribute)) {
            throw ServiceException.forbidden("Attribute '%s' is reserved.", attribute);
        }
        if (isBase(attribute)) {
            if (operation.op() == PatchOperation.Op.REMOVE) {
                throw ServiceException.forbidden("Attribute '%s' cannot be removed.", attribute);
            }
            setBase(caller, image, status, attribute, operation.value());
        } else {
            applyProperty(image, operation);
        }
    }

    private static boolean isBase(String attribute) {
        return switch (attribute) {
            case "name", "visibility", "protected", "os_hidden", "disk_format", "container_format", "min_disk",
                    "min_ram", "owner", "tags" -> true;
            default -> false;
        };
    }

    private static void setBase(Caller caller, Image.Builder image, ImageStatus status, String attribute, JsonNode value) {
        switch (attribute) {
            case "name" -> image.name(nullableString(attribute, value));
            case "visibility" -> {
                // Who may make an image public or community is the policy's decision (publicize_image,
                // communitize_image), made on the request before it gets here.
                image.visibility(Visibility.fromWireName(oneOf(attribute, value,
                        Arrays.stream(Visibility.values()).map(Visibility::wireName).toList())));
            }
            case "protected" -> image.isProtected(bool(attribute, value));
            case "os_hidden" -> image.hidden(bool(attribute, value));
            case "disk_format" -> {
                requireQueued(attribute, status);
                String format = value.isNull() ? null : oneOf(attribute, value,
                        Arrays.stream(DiskFormat.values()).map(DiskFormat::wireName).toList());
                image.diskFormat(format == null ? null : DiskFormat.fromWireName(format));
            }
            case "container_format" -> {
                requireQueued(attribute, status);
                String format = value.isNull() ? null : oneOf(attribute, value,
                        Arrays.stream(ContainerFormat.values()).map(ContainerFormat::wireName).toList());
                image.containerFormat(format == null ? null : ContainerFormat.fromWireName(format));
            }
            case "min_disk" -> image.minDisk(nonNegative(attribute, value));
            case "min_ram" -> image.minRam(nonNegative(attribute, value));
            case "owner" -> {
                ImagePolicy.requireAdmin(caller, "modify_image owner");
                image.owner(nullableString(attribute, value));
            }
            case "tags" -> image.tags(tags(value));
            default -> throw new IllegalArgumentException("not a base attribute: " + attribute);
        }
    }

    private static void applyProperty(Image.Builder image, PatchOperation operation) {
        String name = operation.attribute();
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw ServiceException.invalid("Property names must have 1 to %d characters.", MAX_LENGTH);
        }
        switch (operation.op()) {
            case ADD -> image.property(name, propertyValue(name, operation.value()));
            case REPLACE -> {
                if (!image.hasProperty(name)) {
                    throw ServiceException.conflict("Property %s does not exist.", name);
                }
                image.property(name, propertyValue(name, operation.value()));
            }
            case REMOVE -> {
                if (!image.hasProperty(name)) {
                    throw ServiceException.conflict("Property %s does not exist.", name);
                }
                image.removeProperty(name);
            }
        }
    }

    private static void requireQueued(String attribute, ImageStatus status) {
        if (status != ImageStatus.QUEUED) {
            throw ServiceException.forbidden("Attribute %s can be only replaced for a queued image.", attribute);
        }
    }

    private static String propertyValue(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw schemaMismatch("%s is not of type 'string'", repr(value));
        }
        return value.asText();
    }

    private static String string(String attribute, JsonNode value) {
        if (!value.isTextual()) {
            throw schemaMismatch("%s is not of type 'string'", repr(value));
        }
        if (value.asText().length() > MAX_LENGTH) {
            throw schemaMismatch("%s is too long", repr(value));
        }
        return value.asText();
    }

    private static String oneOf(String attribute, JsonNode value, List<String> allowed) {
        String text = string(attribute, value);
        if (!allowed.contains(text)) {
            throw schemaMismatch("%s is not one of [%s]", repr(value),
                    allowed.stream().map(item -> "'" + item + "'").collect(Collectors.joining(", ")));
        }
        return text;
    }

    /** Glance's refusal of a body its image schema does not accept: jsonschema's message, values as Python prints them. */
    private static ServiceException schemaMismatch(String format, Object... args) {
        return ServiceException.invalid("Provided object does not match schema 'image': " + format, args);
    }

    private static String repr(JsonNode value) {
        if (value.isTextual()) {
            return "'" + value.asText().replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        return value.isNull() ? "None" : value.toString();
    }

    private static String nullableString(String attribute, JsonNode value) {
        return value.isNull() ? null : string(attribute, value);
    }

    private static boolean bool(String attribute, JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        // glanceclient sends what the user typed: "True", "false" ...
        if (value.isTextual() && Set.of("true", "false").contains(value.asText().toLowerCase(java.util.Locale.ROOT))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw schemaMismatch("%s is not of type 'boolean'", repr(value));
    }

    private static int nonNegative(String attribute, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw schemaMismatch("%s is not of type 'integer'", repr(value));
        }
        if (value.asInt() < 0) {
            throw schemaMismatch("%s is less than the minimum of 0", repr(value));
        }
        return value.asInt();
    }

    private static List<String> tags(JsonNode value) {
        if (!value.isArray()) {
            throw schemaMismatch("%s is not of type 'array'", repr(value));
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            tags.add(string("tags", tag));
        }
        return tags;
    }
}
