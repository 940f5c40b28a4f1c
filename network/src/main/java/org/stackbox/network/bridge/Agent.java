package org.stackbox.network.bridge;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One of the Neutron agents whose work a bridged cloud does on this host, as {@code GET /v2.0/agents} shows it.
 *
 * @param topic Neutron's RPC topic, {@code N/A} for agents without one
 * @param availabilityZone only the DHCP (and L3) agents have one
 * @param alive whether the work is being done now (its processes or devices are there)
 */
public record Agent(String id, String agentType, String binary, String topic, String host, Instant startedAt,
                    String availabilityZone, boolean alive, Map<String, Object> configurations) {
    public Agent {
        requireNonNull(id, "id is null");
        requireNonNull(agentType, "agentType is null");
        requireNonNull(binary, "binary is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(host, "host is null");
        requireNonNull(startedAt, "startedAt is null");
        configurations = Map.copyOf(configurations);
    }
}
