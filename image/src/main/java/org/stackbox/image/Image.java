package org.stackbox.image;

import org.stackbox.image.spi.DiskFormat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * An image as Glance describes it. Fields Glance reports as {@code null} until data arrives (size, checksum ...)
 * are nullable here too; {@code properties} are the free-form string properties beside the base attributes.
 *
 * @param diskFormat null until set
 * @param containerFormat null until set
 * @param owner the owning project's id
 */
public record Image(
        String id, String name, ImageStatus status, Visibility visibility, boolean isProtected, boolean hidden,
        DiskFormat diskFormat, ContainerFormat containerFormat, Long size, Long virtualSize, String checksum,
        String hashValue, int minDisk, int minRam, String owner, Instant createdAt, Instant updatedAt,
        List<String> tags, SortedMap<String, String> properties) {

    public Image {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(visibility, "visibility is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        tags = List.copyOf(new TreeSet<>(requireNonNull(tags, "tags is null")));
        properties = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(properties, "properties is null")));
        if (minDisk < 0 || minRam < 0) {
            throw new IllegalArgumentException("min_disk and min_ram must not be negative");
        }
    }

    /** Glance's {@code os_hash_algo}: sha512 once there is data, null before. */
    public String hashAlgorithm() {
        return hashValue == null ? null : "sha512";
    }

    public boolean ownedBy(String projectId) {
        return owner != null && owner.equals(projectId);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with some fields changed; {@link #build()} checks the result like the constructor does. */
    public static final class Builder {
        private final String id;
        private String name;
        private ImageStatus status;
        private Visibility visibility;
        private boolean isProtected;
        private boolean hidden;
        private DiskFormat diskFormat;
        private ContainerFormat containerFormat;
        private Long size;
        private Long virtualSize;
        private String checksum;
        private String hashValue;
        private int minDisk;
        private int minRam;
        private String owner;
        private final Instant createdAt;
        private Instant updatedAt;
        private final TreeSet<String> tags;
        private final TreeMap<String, String> properties;

        private Builder(Image image) {
            id = image.id;
            name = image.name;
            status = image.status;
            visibility = image.visibility;
            isProtected = image.isProtected;
            hidden = image.hidden;
            diskFormat = image.diskFormat;
            containerFormat = image.containerFormat;
            size = image.size;
            virtualSize = image.virtualSize;
            checksum = image.checksum;
            hashValue = image.hashValue;
            minDisk = image.minDisk;
            minRam = image.minRam;
            owner = image.owner;
            createdAt = image.createdAt;
            updatedAt = image.updatedAt;
            tags = new TreeSet<>(image.tags);
            properties = new TreeMap<>(image.properties);
        }

        public Builder name(String value) { name = value; return this; }
        public Builder status(ImageStatus value) { status = value; return this; }
        public Builder visibility(Visibility value) { visibility = value; return this; }
        public Builder isProtected(boolean value) { isProtected = value; return this; }
        public Builder hidden(boolean value) { hidden = value; return this; }
        public Builder diskFormat(DiskFormat value) { diskFormat = value; return this; }
        public Builder containerFormat(ContainerFormat value) { containerFormat = value; return this; }
        public Builder size(Long value) { size = value; return this; }
        public Builder virtualSize(Long value) { virtualSize = value; return this; }
        public Builder checksum(String value) { checksum = value; return this; }
        public Builder hashValue(String value) { hashValue = value; return this; }
        public Builder minDisk(int value) { minDisk = value; return this; }
        public Builder minRam(int value) { minRam = value; return this; }
        public Builder owner(String value) { owner = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        public Builder tags(Collection<String> value) { tags.clear(); tags.addAll(value); return this; }
        public Builder property(String key, String value) { properties.put(key, value); return this; }
        public Builder removeProperty(String key) { properties.remove(key); return this; }
        public Builder properties(Map<String, String> value) { properties.putAll(value); return this; }

        public boolean hasProperty(String key) {
            return properties.containsKey(key);
        }

        public Image build() {
            return new Image(id, name, status, visibility, isProtected, hidden, diskFormat, containerFormat, size,
                    virtualSize, checksum, hashValue, minDisk, minRam, owner, createdAt, updatedAt, List.copyOf(tags),
                    properties);
        }
    }

    /** A new, queued image without data. */
    public static Image queued(String id, String owner, Instant now) {
        return new Image(id, null, ImageStatus.QUEUED, Visibility.SHARED, false, false, null, null, null, null, null,
                null, 0, 0, owner, now, now, List.of(), new TreeMap<>());
    }
}
