package org.stackbox.compute.model;

import java.util.Optional;

/**
 * The compute quota resources, with Nova's default limits ({@code [quota]} in nova.conf; -1 is unlimited) and the
 * microversion from which the API no longer shows them: the network ones went with nova-network at 2.36, the
 * injected files with personality at 2.57.
 */
public enum QuotaResource {
    INSTANCES("instances", 10, null),
    CORES("cores", 20, null),
    RAM("ram", 51200, null),
    METADATA_ITEMS("metadata_items", 128, null),
    KEY_PAIRS("key_pairs", 100, null),
    SERVER_GROUPS("server_groups", 10, null),
    SERVER_GROUP_MEMBERS("server_group_members", 10, null),
    INJECTED_FILES("injected_files", 5, 57),
    INJECTED_FILE_CONTENT_BYTES("injected_file_content_bytes", 10240, 57),
    INJECTED_FILE_PATH_BYTES("injected_file_path_bytes", 255, 57),
    FIXED_IPS("fixed_ips", -1, 36),
    FLOATING_IPS("floating_ips", 10, 36),
    SECURITY_GROUPS("security_groups", 10, 36),
    SECURITY_GROUP_RULES("security_group_rules", 20, 36);

    private final String wireName;
    private final long defaultLimit;
    private final Integer goneAtMinor;

    QuotaResource(String wireName, long defaultLimit, Integer goneAtMinor) {
        this.wireName = wireName;
        this.defaultLimit = defaultLimit;
        this.goneAtMinor = goneAtMinor;
    }

    public String wireName() { return wireName; }

    public long defaultLimit() { return defaultLimit; }

    /** Whether the API shows it at microversion 2.{@code minor}. */
    public boolean shownAt(int minor) {
        return goneAtMinor == null || minor < goneAtMinor;
    }

    /**
     * Whether a quota class set may change it at microversion 2.{@code minor}: as a quota set may, but the network
     * resources stayed until 2.50 there.
     */
    public boolean classSetTakesAt(int minor) {
        return isNetwork() ? minor < 50 : shownAt(minor);
    }

    /** Whether a quota class set shows it at 2.{@code minor}: what it takes, the server groups only from 2.50. */
    public boolean classSetShowsAt(int minor) {
        boolean serverGroups = this == SERVER_GROUPS || this == SERVER_GROUP_MEMBERS;
        return classSetTakesAt(minor) && (!serverGroups || minor >= 50);
    }

    private boolean isNetwork() {
        return this == FIXED_IPS || this == FLOATING_IPS || this == SECURITY_GROUPS || this == SECURITY_GROUP_RULES;
    }

    public static Optional<QuotaResource> fromWireName(String name) {
        for (QuotaResource resource : values()) {
            if (resource.wireName.equals(name)) {
                return Optional.of(resource);
            }
        }
        return Optional.empty();
    }
}
