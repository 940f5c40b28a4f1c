package org.stackbox.compute.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.stackbox.compute.model.ComputeFlavor;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Flavors; a deleted flavor stays (soft-deleted) so that servers of that flavor still show it. */
public final class FlavorRepository {
    private static final RowMapper<ComputeFlavor> MAPPER = (row, context) -> new ComputeFlavor(
            row.getString("id"), row.getString("name"), row.getInt("memory_mib"), row.getInt("vcpus"),
            row.getInt("disk_gib"), row.getInt("ephemeral_gib"), row.getInt("swap_mib"),
            row.getDouble("rxtx_factor"), row.getBoolean("is_public"), row.getString("description"),
            JsonColumns.readMap(row.getString("extra_specs")), row.getBoolean("deleted"));

    private final Jdbi jdbi;

    public FlavorRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Inserts the flavor; false when its id or name is taken (by a live or deleted flavor). */
    public boolean insert(ComputeFlavor flavor) {
        return jdbi.withHandle(handle -> {
            boolean taken = handle.createQuery("SELECT COUNT(*) FROM compute_flavors WHERE id = :id OR name = :name")
                    .bind("id", flavor.id()).bind("name", flavor.name()).mapTo(Integer.class).one() > 0;
            if (taken) {
                return false;
            }
            handle.createUpdate("""
                    INSERT INTO compute_flavors (id, name, memory_mib, vcpus, disk_gib, ephemeral_gib, swap_mib,
                        rxtx_factor, is_public, description, extra_specs, deleted)
                    VALUES (:id, :name, :memoryMib, :vcpus, :diskGib, :ephemeralGib, :swapMib, :rxtxFactor, :isPublic,
                        :description, :extraSpecs, :deleted)""")
                    .bind("id", flavor.id()).bind("name", flavor.name()).bind("memoryMib", flavor.memoryMib())
                    .bind("vcpus", flavor.vcpus()).bind("diskGib", flavor.diskGib())
                    .bind("ephemeralGib", flavor.ephemeralGib()).bind("swapMib", flavor.swapMib())
                    .bind("rxtxFactor", flavor.rxtxFactor()).bind("isPublic", flavor.isPublic())
                    .bind("description", flavor.description())
                    .bind("extraSpecs", JsonColumns.write(flavor.extraSpecs())).bind("deleted", flavor.deleted())
                    .execute();
            return true;
        });
    }

    public void updateExtraSpecs(ComputeFlavor flavor) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE compute_flavors SET extra_specs = :specs WHERE id = :id")
                .bind("specs", JsonColumns.write(flavor.extraSpecs())).bind("id", flavor.id()).execute());
    }

    public void markDeleted(String id) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE compute_flavors SET deleted = :deleted WHERE id = :id")
                .bind("deleted", true).bind("id", id).execute());
    }

    /** The flavor, deleted or not. */
    public Optional<ComputeFlavor> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM compute_flavors WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** Flavors that are not deleted, ordered as Nova lists them (by id as Nova's flavorid column sorts). */
    public List<ComputeFlavor> listLive() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM compute_flavors WHERE deleted = :deleted ORDER BY memory_mib, id")
                .bind("deleted", false).map(MAPPER).list());
    }
}
