package org.stackbox.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What {@code GET /v2/images} asks for: filters, sort order and the page.
 *
 * @param visibility a visibility, or empty for Glance's default (own, public and accepted shared images)
 * @param allVisibilities {@code visibility=all}
 * @param memberStatus which shared images of other projects to include; empty means all of them
 * @param attributes base attribute filters: attribute name (name, status, owner, disk_format, container_format, id)
 *                   to the accepted values (one value, or several from {@code in:a,b})
 * @param tags every one of these tags must be on the image
 * @param properties free-form properties that must have these values
 * @param hidden {@code os_hidden}; hidden images are left out unless asked for
 * @param sort sort keys, most significant first; {@code id} is always added last to make the order total
 */
public record ImageQuery(
        Optional<Visibility> visibility, boolean allVisibilities, Optional<MemberStatus> memberStatus,
        Map<String, List<String>> attributes, List<String> tags, Map<String, String> properties,
        boolean hidden, Optional<Boolean> isProtected, OptionalLong sizeMin, OptionalLong sizeMax,
        List<SortKey> sort, int limit, Optional<String> marker) {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 1000;

    public ImageQuery {
        requireNonNull(visibility, "visibility is null");
        requireNonNull(memberStatus, "memberStatus is null");
        attributes = Map.copyOf(attributes);
        tags = List.copyOf(tags);
        properties = Map.copyOf(properties);
        requireNonNull(isProtected, "isProtected is null");
        requireNonNull(sizeMin, "sizeMin is null");
        requireNonNull(sizeMax, "sizeMax is null");
        sort = List.copyOf(sort);
        requireNonNull(marker, "marker is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /** Everything visible to the caller the way Glance lists it by default. */
    public static ImageQuery defaults() {
        return new ImageQuery(Optional.empty(), false, Optional.of(MemberStatus.ACCEPTED), Map.of(), List.of(), Map.of(),
                false, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), List.of(), DEFAULT_LIMIT, Optional.empty());
    }

    /** One sort key, e.g. {@code name:asc}. */
    public record SortKey(String attribute, boolean ascending) {
        public static final List<String> ATTRIBUTES = List.of("name", "status", "container_format", "disk_format",
                "size", "virtual_size", "id", "created_at", "updated_at", "visibility", "owner", "min_disk", "min_ram");

        public SortKey {
            requireNonNull(attribute, "attribute is null");
            if (!ATTRIBUTES.contains(attribute)) {
                throw org.stackbox.common.ServiceException.invalid("Invalid sort key: %s. It must be one of the following: %s.",
                        attribute, String.join(", ", ATTRIBUTES));
            }
        }
    }
}
