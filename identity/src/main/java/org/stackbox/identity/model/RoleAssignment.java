package org.stackbox.identity.model;

import static java.util.Objects.requireNonNull;

/** A user holds a role on a project or on a domain. */
public record RoleAssignment(String userId, TargetType targetType, String targetId, String roleId) {
    public enum TargetType {
        PROJECT, DOMAIN;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static TargetType fromColumn(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public RoleAssignment {
        requireNonNull(userId, "userId is null");
        requireNonNull(targetType, "targetType is null");
        requireNonNull(targetId, "targetId is null");
        requireNonNull(roleId, "roleId is null");
    }
}
