package org.stackbox.network.spi;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A security group as Nova's deprecated proxy ({@code os-security-groups}) shows it: its ingress rules only, as Nova's
 * Neutron driver converts them.
 */
public record SecurityGroupSummary(String id, String name, String description, String projectId,
                                   List<IngressRule> rules) {
    public SecurityGroupSummary {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(projectId, "projectId is null");
        rules = List.copyOf(rules);
    }

    /** @param remoteGroup the remote group's name and project, when the rule names one instead of a CIDR */
    public record IngressRule(String id, Optional<String> protocol, Optional<Integer> portRangeMin,
                              Optional<Integer> portRangeMax, Optional<String> cidr,
                              Optional<SecurityGroupSummary.Remote> remoteGroup) {
        public IngressRule {
            requireNonNull(id, "id is null");
            requireNonNull(protocol, "protocol is null");
            requireNonNull(portRangeMin, "portRangeMin is null");
            requireNonNull(portRangeMax, "portRangeMax is null");
            requireNonNull(cidr, "cidr is null");
            requireNonNull(remoteGroup, "remoteGroup is null");
        }
    }

    public record Remote(String name, String projectId) {
        public Remote {
            requireNonNull(name, "name is null");
            requireNonNull(projectId, "projectId is null");
        }
    }
}
