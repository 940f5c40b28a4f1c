package org.stackbox.volume.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.stackbox.volume.model.VolumeType;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/** Volume types, their extra specs and the projects a private type is shared with. */
public final class VolumeTypeRepository {
    private final Jdbi jdbi;

    public VolumeTypeRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Adds the type with its extra specs; false, and nothing added, when a type already has its name. */
    public boolean insert(VolumeType type) {
        return jdbi.inTransaction(handle -> {
            if (nameTaken(handle, type.name(), type.id())) {
                return false;
            }
            handle.createUpdate("""
                    INSERT INTO volume_types (id, name, description, is_public, created_at, updated_at)
                    VALUES (:id, :name, :description, :isPublic, :createdAt, :updatedAt)""")
                    .bind("id", type.id()).bind("name", type.name()).bind("description", type.description())
                    .bind("isPublic", type.isPublic()).bind("createdAt", type.createdAt().toEpochMilli())
                    .bind("updatedAt", type.updatedAt().toEpochMilli()).execute();
            writeSpecs(handle, type.id(), type.extraSpecs());
            return true;
        });
    }

    /** Saves the name, description and visibility; false, and nothing changed, when another type has the name. */
    public boolean update(VolumeType type) {
        return jdbi.inTransaction(handle -> {
            if (nameTaken(handle, type.name(), type.id())) {
                return false;
            }
            handle.createUpdate("""
                    UPDATE volume_types SET name = :name, description = :description, is_public = :isPublic,
                        updated_at = :updatedAt WHERE id = :id""")
                    .bind("id", type.id()).bind("name", type.name()).bind("description", type.description())
                    .bind("isPublic", type.isPublic()).bind("updatedAt", type.updatedAt().toEpochMilli()).execute();
            return true;
        });
    }

    /** Removes the type, its extra specs and its access list. */
    public void delete(String id) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM volume_type_extra_specs WHERE volume_type_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM volume_type_projects WHERE volume_type_id = :id").bind("id", id).execute();
            handle.createUpdate("DELETE FROM volume_types WHERE id = :id").bind("id", id).execute();
        });
    }

    public Optional<VolumeType> findById(String id) {
        return find("id", id);
    }

    public Optional<VolumeType> findByName(String name) {
        return find("name", name);
    }

    /** Every type, oldest first. */
    public List<VolumeType> list() {
        return jdbi.withHandle(handle -> {
            Map<String, Map<String, String>> specs = new HashMap<>();
            handle.createQuery("SELECT volume_type_id, spec_key, spec_value FROM volume_type_extra_specs ORDER BY spec_key")
                    .map((row, context) -> new String[] {row.getString("volume_type_id"), row.getString("spec_key"),
                            row.getString("spec_value")})
                    .forEach(spec -> specs.computeIfAbsent(spec[0], id -> new LinkedHashMap<>()).put(spec[1], spec[2]));
            return handle.createQuery("SELECT * FROM volume_types ORDER BY created_at, id")
                    .map((row, context) -> new VolumeType(row.getString("id"), row.getString("name"),
                            row.getString("description"), row.getBoolean("is_public"),
                            specs.getOrDefault(row.getString("id"), Map.of()), row.getString("qos_specs_id"),
                            Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at"))))
                    .list();
        });
    }

    /** Sets the given extra specs, over those of the same keys; the others stay. */
    public void putExtraSpecs(String id, Map<String, String> specs, Instant now) {
        jdbi.useTransaction(handle -> {
            for (String key : specs.keySet()) {
                handle.createUpdate("DELETE FROM volume_type_extra_specs WHERE volume_type_id = :id AND spec_key = :key")
                        .bind("id", id).bind("key", key).execute();
            }
            writeSpecs(handle, id, specs);
            touch(handle, id, now);
        });
    }

    /** False when the type has no extra spec of that key. */
    public boolean deleteExtraSpec(String id, String key, Instant now) {
        return jdbi.inTransaction(handle -> {
            boolean deleted = handle.createUpdate(
                            "DELETE FROM volume_type_extra_specs WHERE volume_type_id = :id AND spec_key = :key")
                    .bind("id", id).bind("key", key).execute() > 0;
            if (deleted) {
                touch(handle, id, now);
            }
            return deleted;
        });
    }

    /** The projects given access to the type, sorted. */
    public Set<String> projects(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT project_id FROM volume_type_projects WHERE volume_type_id = :id")
                .bind("id", id).mapTo(String.class).collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    }

    /** The ids of the types the project was given access to. */
    public Set<String> typesOf(String projectId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT volume_type_id FROM volume_type_projects WHERE project_id = :project")
                .bind("project", projectId).mapTo(String.class).collect(java.util.stream.Collectors.toSet()));
    }

    /** False when the project already had access. */
    public boolean addProject(String id, String projectId) {
        return jdbi.inTransaction(handle -> {
            boolean present = handle.createQuery("""
                            SELECT COUNT(*) FROM volume_type_projects WHERE volume_type_id = :id AND project_id = :project""")
                    .bind("id", id).bind("project", projectId).mapTo(Long.class).one() > 0;
            if (present) {
                return false;
            }
            handle.createUpdate("INSERT INTO volume_type_projects (volume_type_id, project_id) VALUES (:id, :project)")
                    .bind("id", id).bind("project", projectId).execute();
            return true;
        });
    }

    /** False when the project had no access. */
    public boolean removeProject(String id, String projectId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM volume_type_projects WHERE volume_type_id = :id AND project_id = :project")
                .bind("id", id).bind("project", projectId).execute() > 0);
    }

    private Optional<VolumeType> find(String column, String value) {
        return jdbi.withHandle(handle -> {
            Optional<VolumeType> bare = handle.createQuery("SELECT * FROM volume_types WHERE %s = :value".formatted(column))
                    .bind("value", value)
                    .map((row, context) -> new VolumeType(row.getString("id"), row.getString("name"),
                            row.getString("description"), row.getBoolean("is_public"), Map.of(), row.getString("qos_specs_id"),
                            Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at"))))
                    .findOne();
            return bare.map(type -> new VolumeType(type.id(), type.name(), type.description(), type.isPublic(),
                    specs(handle, type.id()), type.qosSpecsId(), type.createdAt(), type.updatedAt()));
        });
    }

    private static Map<String, String> specs(Handle handle, String id) {
        Map<String, String> specs = new LinkedHashMap<>();
        handle.createQuery("""
                        SELECT spec_key, spec_value FROM volume_type_extra_specs WHERE volume_type_id = :id ORDER BY spec_key""")
                .bind("id", id)
                .map((row, context) -> new String[] {row.getString("spec_key"), row.getString("spec_value")})
                .forEach(spec -> specs.put(spec[0], spec[1]));
        return specs;
    }

    private static void writeSpecs(Handle handle, String id, Map<String, String> specs) {
        for (Map.Entry<String, String> spec : specs.entrySet()) {
            handle.createUpdate("""
                    INSERT INTO volume_type_extra_specs (volume_type_id, spec_key, spec_value) VALUES (:id, :key, :value)""")
                    .bind("id", id).bind("key", spec.getKey()).bind("value", spec.getValue()).execute();
        }
    }

    private static boolean nameTaken(Handle handle, String name, String id) {
        return handle.createQuery("SELECT COUNT(*) FROM volume_types WHERE name = :name AND id <> :id")
                .bind("name", name).bind("id", id).mapTo(Long.class).one() > 0;
    }

    private static void touch(Handle handle, String id, Instant now) {
        handle.createUpdate("UPDATE volume_types SET updated_at = :now WHERE id = :id")
                .bind("id", id).bind("now", now.toEpochMilli()).execute();
    }
}
