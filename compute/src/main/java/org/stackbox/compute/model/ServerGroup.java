package org.stackbox.compute.model;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A server group: where its members may run, by Nova's policies ({@code affinity}, {@code anti-affinity} and their
 * {@code soft-} forms, which only prefer).
 *
 * @param maxServerPerHost the {@code max_server_per_host} rule of an anti-affinity group (microversion 2.64), if set
 */
public record ServerGroup(String id, String projectId, String userId, String name, String policy,
                          OptionalInt maxServerPerHost, Instant createdAt) {
    public static final Set<String> POLICIES = Set.of("affinity", "anti-affinity", "soft-affinity",
            "soft-anti-affinity");

    public ServerGroup {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("unknown server group policy: " + policy);
        }
        requireNonNull(maxServerPerHost, "maxServerPerHost is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** How many members may run on one host: one for anti-affinity unless its rule says more; any for the others. */
    public int membersPerHost() {
        return policy.equals("anti-affinity") ? maxServerPerHost.orElse(1) : Integer.MAX_VALUE;
    }
}
