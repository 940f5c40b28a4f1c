package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/** An asynchronous QMP event such as {@code DEVICE_DELETED} or {@code SHUTDOWN}, with its data. */
public record QmpEvent(String name, JsonNode data) {
    public QmpEvent {
        requireNonNull(name, "name is null");
        requireNonNull(data, "data is null");
    }
}
