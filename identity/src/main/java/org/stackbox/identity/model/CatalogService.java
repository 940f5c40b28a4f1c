package org.stackbox.identity.model;

public record CatalogService(String id, String type, String name, String description, boolean enabled) {
}
