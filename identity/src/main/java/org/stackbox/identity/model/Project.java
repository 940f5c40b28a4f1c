package org.stackbox.identity.model;

public record Project(String id, String name, String domainId, String description, boolean enabled) {
}
