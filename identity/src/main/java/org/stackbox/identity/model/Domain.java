package org.stackbox.identity.model;

public record Domain(String id, String name, String description, boolean enabled) {
}
