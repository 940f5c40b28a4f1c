package org.stackbox.identity.model;

public record Endpoint(String id, String serviceId, String interfaceName, String regionId, String url, boolean enabled) {
}
