package org.stackbox.image.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.stackbox.image.ContainerFormat;
import org.stackbox.image.Image;
import org.stackbox.image.ImageStatus;
import org.stackbox.image.Visibility;
import org.stackbox.image.spi.DiskFormat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Images with their tags and properties. Status changes are conditional on the current status, so that two requests
 * racing on one image cannot both win (e.g. two uploads, or an upload finishing after a delete).
 */
public final class ImageRepository {
    private static final RowMapper<Image> ROW = (row, context) -> new Image(
            row.getString("id"), row.getString("name"), ImageStatus.fromWireName(row.getString("status")),
            Visibility.fromWireName(row.getString("visibility")), row.getBoolean("protected"), row.getBoolean("os_hidden"),
            row.getString("disk_format") == null ? null : DiskFormat.fromWireName(row.getString("disk_format")),
            row.getString("container_format") == null ? null : ContainerFormat.fromWireName(row.getString("container_format")),
            nullableLong(row, "size"), nullableLong(row, "virtual_size"),
            row.getString("checksum"), row.getString("os_hash_value"), row.getInt("min_disk"), row.getInt("min_ram"),
            row.getString("owner"), Instant.ofEpochSecond(row.getLong("created_at")),
            Instant.ofEpochSecond(row.getLong("updated_at")), List.of(), new TreeMap<>());

    private final Jdbi jdbi;

    public ImageRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    public void insert(Image image) {
        jdbi.useTransaction(handle -> {
            bindAll(handle.createUpdate("""
                    INSERT INTO images (id, name, status, visibility, protected, os_hidden, disk_format, container_format,
                        size, virtual_size, checksum, os_hash_value, min_disk, min_ram, owner, created_at, updated_at)
                    VALUES (:id, :name, :status, :visibility, :protected, :hidden, :diskFormat, :containerFormat,
                        :size, :virtualSize, :checksum, :hashValue, :minDisk, :minRam, :owner, :createdAt, :updatedAt)"""), image)
                    .bind("status", image.status().wireName())
                    .bind("size", image.size()).bind("virtualSize", image.virtualSize())
                    .bind("checksum", image.checksum()).bind("hashValue", image.hashValue())
                    .bind("createdAt", image.createdAt().getEpochSecond())
                    .execute();
            for (String tag : image.tags()) {
                insertTag(handle, image.id(), tag);
            }
            for (Map.Entry<String, String> property : image.properties().entrySet()) {
                upsertProperty(handle, image.id(), property.getKey(), property.getValue());
            }
        });
    }

    /**
     * Writes what a user may change (name, visibility, flags, formats, minimums, owner, tags, properties), as the
     * difference from {@code before}; status and data fields are left alone, they change only through the
     * conditional methods below.
     */
    public void update(Image before, Image after) {
        jdbi.useTransaction(handle -> {
            bindAll(handle.createUpdate("""
                    UPDATE images SET name = :name, visibility = :visibility, protected = :protected, os_hidden = :hidden,
                        disk_format = :diskFormat, container_format = :containerFormat, min_disk = :minDisk,
                        min_ram = :minRam, owner = :owner, updated_at = :updatedAt
                    WHERE id = :id"""), after).execute();
            Set<String> removedTags = new HashSet<>(before.tags());
            removedTags.removeAll(after.tags());
            for (String tag : removedTags) {
                handle.createUpdate("DELETE FROM image_tags WHERE image_id = :id AND tag = :tag")
                        .bind("id", after.id()).bind("tag", tag).execute();
            }
            for (String tag : after.tags()) {
                if (!before.tags().contains(tag)) {
                    insertTag(handle, after.id(), tag);
                }
            }
            for (String name : before.properties().keySet()) {
                if (!after.properties().containsKey(name)) {
                    handle.createUpdate("DELETE FROM image_properties WHERE image_id = :id AND name = :name")
                            .bind("id", after.id()).bind("name", name).execute();
                }
            }
            for (Map.Entry<String, String> property : after.properties().entrySet()) {
                if (!property.getValue().equals(before.properties().get(property.getKey()))) {
                    upsertProperty(handle, after.id(), property.getKey(), property.getValue());
                }
            }
        });
    }

    public void addTag(String imageId, String tag, Instant now) {
        jdbi.useTransaction(handle -> {
            boolean present = handle.createQuery("SELECT COUNT(*) FROM image_tags WHERE image_id = :id AND tag = :tag")
                    .bind("id", imageId).bind("tag", tag).mapTo(Integer.class).one() > 0;
            if (!present) {
                insertTag(handle, imageId, tag);
            }
            touch(handle, imageId, now);
        });
    }

    public void removeTag(String imageId, String tag, Instant now) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM image_tags WHERE image_id = :id AND tag = :tag")
                    .bind("id", imageId).bind("tag", tag).execute();
            touch(handle, imageId, now);
        });
    }

    /** Moves the image from {@code from} to {@code to}; false when it was not in {@code from} (or is gone). */
    public boolean transition(String id, ImageStatus from, ImageStatus to, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE images SET status = :to, updated_at = :now WHERE id = :id AND status = :from")
                .bind("id", id).bind("from", from.wireName()).bind("to", to.wireName()).bind("now", now.getEpochSecond())
                .execute() == 1);
    }

    /**
     * Records the facts about the image's data (size, digests, virtual size, inspected properties) and moves it from
     * {@code from} to {@code to}, in one transaction; false when it was no longer in {@code from}.
     */
    public boolean recordData(String id, ImageStatus from, ImageStatus to, ImageDataFacts facts, Instant now) {
        return jdbi.inTransaction(handle -> {
            int updated = handle.createUpdate("""
                            UPDATE images SET status = :to, size = :size, virtual_size = :virtualSize, checksum = :checksum,
                                os_hash_value = :hashValue, updated_at = :now
                            WHERE id = :id AND status = :from""")
                    .bind("id", id).bind("from", from.wireName()).bind("to", to.wireName())
                    .bind("size", facts.size()).bind("virtualSize", facts.virtualSize())
                    .bind("checksum", facts.checksum()).bind("hashValue", facts.hashValue())
                    .bind("now", now.getEpochSecond())
                    .execute();
            if (updated != 1) {
                return false;
            }
            for (Map.Entry<String, String> property : facts.properties().entrySet()) {
                upsertProperty(handle, id, property.getKey(), property.getValue());
            }
            return true;
        });
    }

    /** Forgets the data facts and moves the image from {@code from} back to {@code to} (a failed upload). */
    public boolean clearData(String id, ImageStatus from, ImageStatus to, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE images SET status = :to, size = NULL, virtual_size = NULL, checksum = NULL,
                            os_hash_value = NULL, updated_at = :now
                        WHERE id = :id AND status = :from""")
                .bind("id", id).bind("from", from.wireName()).bind("to", to.wireName()).bind("now", now.getEpochSecond())
                .execute() == 1);
    }

    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            for (String table : List.of("image_properties", "image_tags", "image_members")) {
                handle.createUpdate("DELETE FROM " + table + " WHERE image_id = :id").bind("id", id).execute();
            }
            return handle.createUpdate("DELETE FROM images WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public Optional<Image> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM images WHERE id = :id")
                .bind("id", id).map(ROW).findOne()
                .map(image -> withDetails(image, tags(handle, id), properties(handle, id))));
    }

    /**
     * Every image, with tags and properties, in three queries. Listing filters, sorts and pages in memory: a
     * one-machine cloud holds thousands of images at most, and Glance's filters (tags, properties, visibility
     * through membership) would otherwise need a query builder as large as the rest of this service.
     */
    public List<Image> listAll() {
        return jdbi.withHandle(handle -> {
            Map<String, List<String>> tags = new HashMap<>();
            handle.createQuery("SELECT image_id, tag FROM image_tags").map((row, context) -> {
                tags.computeIfAbsent(row.getString("image_id"), id -> new ArrayList<>()).add(row.getString("tag"));
                return row.getString("image_id");
            }).list();
            Map<String, Map<String, String>> properties = new HashMap<>();
            handle.createQuery("SELECT image_id, name, value FROM image_properties").map((row, context) -> {
                properties.computeIfAbsent(row.getString("image_id"), id -> new HashMap<>())
                        .put(row.getString("name"), row.getString("value"));
                return row.getString("image_id");
            }).list();
            return handle.createQuery("SELECT * FROM images").map(ROW).list().stream()
                    .map(image -> withDetails(image, tags.getOrDefault(image.id(), List.of()),
                            properties.getOrDefault(image.id(), Map.of())))
                    .toList();
        });
    }

    public List<String> idsWithStatus(ImageStatus status) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM images WHERE status = :status")
                .bind("status", status.wireName()).mapTo(String.class).list());
    }

    /** How many images a project owns, and the bytes of data they hold. */
    public ProjectUsage usage(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) AS images, COALESCE(SUM(size), 0) AS bytes FROM images WHERE owner = :owner")
                .bind("owner", projectId)
                .map((row, context) -> new ProjectUsage(row.getLong("images"), row.getLong("bytes"))).one());
    }

    private static Long nullableLong(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Update bindAll(Update update, Image image) {
        return update.bind("id", image.id()).bind("name", image.name())
                .bind("visibility", image.visibility().wireName()).bind("protected", image.isProtected())
                .bind("hidden", image.hidden())
                .bind("diskFormat", image.diskFormat() == null ? null : image.diskFormat().wireName())
                .bind("containerFormat", image.containerFormat() == null ? null : image.containerFormat().wireName())
                .bind("minDisk", image.minDisk()).bind("minRam", image.minRam()).bind("owner", image.owner())
                .bind("updatedAt", image.updatedAt().getEpochSecond());
    }

    private static void insertTag(Handle handle, String imageId, String tag) {
        handle.createUpdate("INSERT INTO image_tags (image_id, tag) VALUES (:id, :tag)")
                .bind("id", imageId).bind("tag", tag).execute();
    }

    private static void upsertProperty(Handle handle, String imageId, String name, String value) {
        handle.createUpdate("DELETE FROM image_properties WHERE image_id = :id AND name = :name")
                .bind("id", imageId).bind("name", name).execute();
        handle.createUpdate("INSERT INTO image_properties (image_id, name, value) VALUES (:id, :name, :value)")
                .bind("id", imageId).bind("name", name).bind("value", value).execute();
    }

    private static void touch(Handle handle, String imageId, Instant now) {
        handle.createUpdate("UPDATE images SET updated_at = :now WHERE id = :id")
                .bind("id", imageId).bind("now", now.getEpochSecond()).execute();
    }

    private static List<String> tags(Handle handle, String imageId) {
        return handle.createQuery("SELECT tag FROM image_tags WHERE image_id = :id").bind("id", imageId)
                .mapTo(String.class).list();
    }

    private static Map<String, String> properties(Handle handle, String imageId) {
        Map<String, String> properties = new HashMap<>();
        handle.createQuery("SELECT name, value FROM image_properties WHERE image_id = :id").bind("id", imageId)
                .map((row, context) -> properties.put(row.getString("name"), row.getString("value"))).list();
        return properties;
    }

    private static Image withDetails(Image image, List<String> tags, Map<String, String> properties) {
        return image.toBuilder().tags(tags).properties(properties).build();
    }
}
