package org.stackbox.network.model;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron security group: a project's named set of rules that ports take. Its rules are kept apart
 * ({@link SecurityGroupRule}), as a rule is a resource of its own.
 *
 * @param stateful whether connections a rule lets through are tracked, so that their answers pass without a rule
 */
public record SecurityGroup(String id, String projectId, String name, String description, boolean stateful,
                            List<String> tags, int revision, Instant createdAt, Instant updatedAt) {
    public static final String DEFAULT_NAME = "default";
    public static final String DEFAULT_DESCRIPTION = "Default security group";

    public SecurityGroup {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        tags = List.copyOf(tags);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public SecurityGroup updated(String newName, String newDescription, boolean newStateful, Instant now) {
        return new SecurityGroup(id, projectId, newName, newDescription, newStateful, tags, revision + 1, createdAt,
                now);
    }

    public SecurityGroup withTags(List<String> newTags, Instant now) {
        return new SecurityGroup(id, projectId, name, description, stateful, newTags, revision + 1, createdAt, now);
    }
}
