package org.stackbox.image;

import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Glance's list semantics over a set of images: which ones a caller sees, filters, sort order and marker paging. */
final class ImageListing {
    private ImageListing() {}

    static ImagePage page(Caller caller, List<Image> images, Map<String, MemberStatus> callerMemberships, ImageQuery query) {
        List<Image> matching = new ArrayList<>();
        for (Image image : images) {
            if (listed(caller, image, callerMemberships.get(image.id()), query) && matches(image, query)) {
                matching.add(image);
            }
        }
        matching.sort(order(query.sort()));
        int start = 0;
        if (query.marker().isPresent()) {
            String marker = query.marker().get();
            int index = indexOf(matching, marker);
            if (index < 0) {
                throw ServiceException.invalid("Invalid marker. Image %s could not be found.", marker);
            }
            start = index + 1;
        }
        int end = (int) Math.min(matching.size(), (long) start + query.limit());
        List<Image> page = matching.subList(Math.min(start, end), end);
        boolean more = end < matching.size() && !page.isEmpty();
        return new ImagePage(page, more ? java.util.Optional.of(page.get(page.size() - 1).id()) : java.util.Optional.empty());
    }

    private static boolean listed(Caller caller, Image image, MemberStatus membership, ImageQuery query) {
        boolean own = image.ownedBy(caller.projectId());
        if (query.visibility().isPresent() && image.visibility() != query.visibility().get()) {
            return false;
        }
        if (caller.isAdmin()) {
            return true;
        }
        boolean sharedWithCaller = image.visibility() == Visibility.SHARED && membership != null
                && query.memberStatus().map(status -> status == membership).orElse(true);
        return switch (image.visibility()) {
            case PUBLIC -> true;
            case PRIVATE -> own;
            case SHARED -> own || sharedWithCaller;
            // Community images of others are listed only when asked for, so they do not crowd everyone's list.
            case COMMUNITY -> own || query.allVisibilities() || query.visibility().isPresent();
        };
    }

    private static boolean matches(Image image, ImageQuery query) {
        if (image.hidden() && !query.hidden()) {
            return false;
        }
        if (query.isProtected().isPresent() && image.isProtected() != query.isProtected().get()) {
            return false;
        }
        for (Map.Entry<String, List<String>> filter : query.attributes().entrySet()) {
            if (!filter.getValue().contains(attribute(image, filter.getKey()))) {
                return false;
            }
        }
        if (!image.tags().containsAll(query.tags())) {
            return false;
        }
        for (Map.Entry<String, String> property : query.properties().entrySet()) {
            if (!property.getValue().equals(image.properties().get(property.getKey()))) {
                return false;
            }
        }
        long size = image.size() == null ? -1 : image.size();
        if (query.sizeMin().isPresent() && (image.size() == null || size < query.sizeMin().getAsLong())) {
            return false;
        }
        return query.sizeMax().isEmpty() || (image.size() != null && size <= query.sizeMax().getAsLong());
    }

    private static String attribute(Image image, String name) {
        return switch (name) {
            case "name" -> image.name();
            case "status" -> image.status().wireName();
            case "owner" -> image.owner();
            case "disk_format" -> image.diskFormat() == null ? null : image.diskFormat().wireName();
            case "container_format" -> image.containerFormat() == null ? null : image.containerFormat().wireName();
            case "id" -> image.id();
            default -> throw new IllegalArgumentException("not a filterable attribute: " + name);
        };
    }

    private static Comparator<Image> order(List<ImageQuery.SortKey> keys) {
        List<ImageQuery.SortKey> effective = new ArrayList<>(keys);
        if (effective.isEmpty()) {
            effective.add(new ImageQuery.SortKey("created_at", false));
        }
        effective.add(new ImageQuery.SortKey("id", effective.get(effective.size() - 1).ascending()));
        Comparator<Image> order = null;
        for (ImageQuery.SortKey key : effective) {
            Comparator<Image> next = Comparator.comparing(sortValue(key.attribute()), Comparator.nullsFirst(Comparator.naturalOrder()));
            if (!key.ascending()) {
                next = next.reversed();
            }
            order = order == null ? next : order.thenComparing(next);
        }
        return order;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<Image, Comparable> sortValue(String attribute) {
        return switch (attribute) {
            case "size" -> Image::size;
            case "virtual_size" -> Image::virtualSize;
            case "created_at" -> Image::createdAt;
            case "updated_at" -> Image::updatedAt;
            case "min_disk" -> Image::minDisk;
            case "min_ram" -> Image::minRam;
            case "visibility" -> image -> image.visibility().wireName();
            default -> image -> attribute(image, attribute);
        };
    }

    private static int indexOf(List<Image> images, String id) {
        for (int index = 0; index < images.size(); index++) {
            if (images.get(index).id().equals(id)) {
                return index;
            }
        }
        return -1;
    }
}
