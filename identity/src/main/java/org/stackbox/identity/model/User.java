package org.stackbox.identity.model;

public record User(String id, String name, String domainId, String passwordHash, boolean enabled, String defaultProjectId, String email, String description) {
}
