package org.stackbox.identity.model;

/** A Keystone group: users of any domain belong to it, and roles granted to it are held by its members. */
public record Group(String id, String name, String domainId, String description) {
}
