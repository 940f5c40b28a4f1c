package org.stackbox.compute.http;

import org.stackbox.api.Microversion;
import org.stackbox.compute.model.Migration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nova's JSON shapes of a migration record, per microversion: as {@code os-migrations} lists it
 * ({@code migration_type} from 2.23, {@code uuid} from 2.59, {@code user_id} and {@code project_id} from 2.80), and
 * as {@code /servers/{id}/migrations} shows a live migration.
 */
final class MigrationViews {
    private MigrationViews() {}

    /** An {@code os-migrations} entry; the flavors are Nova's integer flavor ids, or null for one that is not. */
    static Map<String, Object> listed(Migration migration, Microversion version) {
        Map<String, Object> view = identity(migration, version, "instance_uuid");
        view.put("old_instance_type_id", integerId(migration.oldFlavorId()));
        view.put("new_instance_type_id", integerId(migration.newFlavorId()));
        times(view, migration);
        if (version.atLeast(2, 23)) {
            view.put("migration_type", migration.migrationType());
        }
        owner(view, migration, version);
        return view;
    }

    /** A server's live migration as {@code /servers/{id}/migrations} shows it (from 2.23). */
    static Map<String, Object> ofServer(Migration migration, Microversion version) {
        Map<String, Object> view = identity(migration, version, "server_uuid");
        for (String figure : new String[] {"memory_total_bytes", "memory_processed_bytes", "memory_remaining_bytes",
                "disk_total_bytes", "disk_processed_bytes", "disk_remaining_bytes"}) {
            view.put(figure, null); // Stackbox keeps no progress figures
        }
        times(view, migration);
        owner(view, migration, version);
        return view;
    }

    /** The record's ids (its uuid from 2.59), its server's under {@code serverKey}, its status and its hosts. */
    private static Map<String, Object> identity(Migration migration, Microversion version, String serverKey) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", migration.id());
        if (version.atLeast(2, 59)) {
            view.put("uuid", migration.uuid());
        }
        view.put(serverKey, migration.serverId());
        view.put("status", migration.status().wireName());
        hosts(view, migration);
        return view;
    }

    private static void hosts(Map<String, Object> view, Migration migration) {
        view.put("source_compute", migration.sourceCompute());
        view.put("source_node", migration.sourceNode());
        view.put("dest_compute", migration.destCompute());
        view.put("dest_node", migration.destNode());
        view.put("dest_host", migration.destHost());
    }

    private static void times(Map<String, Object> view, Migration migration) {
        view.put("created_at", ComputeViews.microsTime(migration.createdAt()));
        view.put("updated_at", migration.updatedAt().map(ComputeViews::microsTime).orElse(null));
    }

    private static void owner(Map<String, Object> view, Migration migration, Microversion version) {
        if (version.atLeast(2, 80)) {
            view.put("user_id", migration.userId());
            view.put("project_id", migration.projectId());
        }
    }

    /** Nova shows a flavor's integer database id; Stackbox's flavors are known by their flavor ids alone. */
    private static Long integerId(String flavorId) {
        if (flavorId == null || flavorId.isEmpty() || !flavorId.chars().allMatch(Character::isDigit)
                || flavorId.length() > 18) {
            return null;
        }
        return Long.parseLong(flavorId);
    }
}
