package org.stackbox.identity.model;

public record Region(String id, String description, String parentRegionId) {
}
