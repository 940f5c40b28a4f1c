package org.stackbox.volume.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.volume.model.QosSpecs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** QoS specs, and which volume types they are associated with (the types' {@code qos_specs_id}). */
public final class QosSpecsRepository {
    private static final RowMapper<QosSpecs> MAPPER = (row, context) -> new QosSpecs(row.getString("id"),
            row.getString("name"), row.getString("consumer"), JsonMaps.read(row.getString("specs")));

    private final Jdbi jdbi;

    public QosSpecsRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** False, and nothing added, when QoS specs already have the name. */
    public boolean insert(QosSpecs qos, Instant now) {
        return jdbi.inTransaction(handle -> {
            boolean taken = handle.createQuery("SELECT COUNT(*) FROM volume_qos_specs WHERE name = :name")
                    .bind("name", qos.name()).mapTo(Long.class).one() > 0;
            if (taken) {
                return false;
            }
            handle.createUpdate("""
                    INSERT INTO volume_qos_specs (id, name, consumer, specs, created_at, updated_at)
                    VALUES (:id, :name, :consumer, :specs, :now, :now)""")
                    .bind("id", qos.id()).bind("name", qos.name()).bind("consumer", qos.consumer())
                    .bind("specs", JsonMaps.write(qos.specs())).bind("now", now.toEpochMilli()).execute();
            return true;
        });
    }

    /** Saves the consumer and the specs. */
    public void update(QosSpecs qos, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE volume_qos_specs SET consumer = :consumer, specs = :specs, updated_at = :now WHERE id = :id""")
                .bind("id", qos.id()).bind("consumer", qos.consumer()).bind("specs", JsonMaps.write(qos.specs()))
                .bind("now", now.toEpochMilli()).execute());
    }

    /** Removes the specs and their associations. */
    public void delete(String id) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("UPDATE volume_types SET qos_specs_id = NULL WHERE qos_specs_id = :id")
                    .bind("id", id).execute();
            handle.createUpdate("DELETE FROM volume_qos_specs WHERE id = :id").bind("id", id).execute();
        });
    }

    public Optional<QosSpecs> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volume_qos_specs WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** Every one, oldest first. */
    public List<QosSpecs> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volume_qos_specs ORDER BY created_at, id")
                .map(MAPPER).list());
    }

    /** The volume types associated with the specs: id to name, by name. */
    public List<Map.Entry<String, String>> types(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id, name FROM volume_types WHERE qos_specs_id = :id ORDER BY name")
                .bind("id", id).map((row, context) -> Map.entry(row.getString("id"), row.getString("name"))).list());
    }

    /** Associates the type with the specs if it has none: false when it has other specs. */
    public boolean associate(String id, String typeId) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE volume_types SET qos_specs_id = :id
                        WHERE id = :type AND (qos_specs_id IS NULL OR qos_specs_id = :id)""")
                .bind("id", id).bind("type", typeId).execute()) > 0;
    }

    /** Disassociates the type from the specs, if it was associated with them; {@code typeId} null: every type. */
    public void disassociate(String id, String typeId) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE volume_types SET qos_specs_id = NULL
                        WHERE qos_specs_id = :id AND (:type IS NULL OR id = :type)""")
                .bind("id", id).bind("type", typeId).execute());
    }
}
