package org.stackbox.compute.http;

import org.stackbox.api.Microversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The query parameters of Nova's server lists ({@code schemas/servers.py}: {@code index_query} to
 * {@code index_query_v275}) and the sort keys each microversion accepts; a key of the ignored list is accepted and
 * ignored, as Nova does, until 2.75 refuses it.
 */
final class ServerListKeys {
    private static final List<String> VALID = List.of("access_ip_v4", "access_ip_v6", "auto_disk_config",
            "availability_zone", "config_drive", "created_at", "display_description", "display_name", "host",
            "hostname", "image_ref", "instance_type_id", "kernel_id", "key_name", "launch_index", "launched_at",
            "locked_by", "node", "power_state", "progress", "project_id", "ramdisk_id", "root_device_name",
            "task_state", "terminated_at", "updated_at", "user_id", "uuid", "vm_state");
    private static final List<String> IGNORED = List.of("architecture", "cell_name", "cleaned",
            "default_ephemeral_device", "default_swap_device", "deleted", "deleted_at", "disable_terminate",
            "ephemeral_gb", "ephemeral_key_uuid", "id", "key_data", "launched_on", "locked", "memory_mb", "os_type",
            "reservation_id", "root_gb", "shutdown_terminate", "user_data", "vcpus", "vm_mode");

    /** What {@code index_query_v275} names (it refuses any other parameter). */
    static final Set<String> QUERY = Set.of("user_id", "project_id", "tenant_id", "launch_index", "image_ref", "image",
            "kernel_id", "ramdisk_id", "hostname", "key_name", "power_state", "vm_state", "task_state", "host", "node",
            "flavor", "reservation_id", "launched_at", "terminated_at", "availability_zone", "name", "display_name",
            "description", "display_description", "locked_by", "uuid", "root_device_name", "config_drive",
            "access_ip_v4", "access_ip_v6", "auto_disk_config", "progress", "sort_key", "sort_dir", "all_tenants",
            "soft_deleted", "deleted", "status", "changes-since", "ip", "ip6", "created_at", "block_device_mapping",
            "services", "metadata", "system_metadata", "info_cache", "security_groups", "pci_devices", "limit",
            "marker", "tags", "tags-any", "not-tags", "not-tags-any", "changes-before", "locked");

    private ServerListKeys() {}

    static List<String> sortKeys(Microversion version) {
        List<String> keys = new ArrayList<>();
        if (version.atLeast(2, 73)) {
            keys.add("locked");
        }
        keys.addAll(VALID);
        if (!version.atLeast(2, 75)) {
            keys.addAll(version.atLeast(2, 73) ? IGNORED.stream().filter(key -> !key.equals("locked")).toList() : IGNORED);
        }
        return keys;
    }
}
