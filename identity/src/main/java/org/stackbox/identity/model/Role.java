package org.stackbox.identity.model;

public record Role(String id, String name, String description) {
}
