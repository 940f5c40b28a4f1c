package org.stackbox.identity.model;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** A user or a group holds a role on a project or on a domain. */
public record RoleAssignment(ActorType actorType, String actorId, TargetType targetType, String targetId, String roleId) {
    /** Who holds the role: a user, or a group (whose members then hold it). */
    public enum ActorType {
        USER, GROUP;

        /** The word for it in Keystone's paths and views ({@code user}, {@code group}). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum TargetType {
        PROJECT, DOMAIN;

        public String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static TargetType fromColumn(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public RoleAssignment {
        requireNonNull(actorType, "actorType is null");
        requireNonNull(actorId, "actorId is null");
        requireNonNull(targetType, "targetType is null");
        requireNonNull(targetId, "targetId is null");
        requireNonNull(roleId, "roleId is null");
    }

    public static RoleAssignment ofUser(String userId, TargetType targetType, String targetId, String roleId) {
        return new RoleAssignment(ActorType.USER, userId, targetType, targetId, roleId);
    }
}
