package org.stackbox.virt.qemu;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.common.Json;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A {@code -device} (or {@code device_add} argument): a QEMU device model with an id and its properties, written as
 * JSON in a fixed order (driver, id, then the properties as given).
 */
public record GuestDevice(String driver, String id, Map<String, Object> properties) {
    public GuestDevice {
        requireNonNull(driver, "driver is null");
        requireNonNull(id, "id is null");
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        for (Object value : properties.values()) {
            if (!(value instanceof String || value instanceof Integer || value instanceof Boolean)) {
                throw new IllegalArgumentException("Unsupported property value: " + value);
            }
        }
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("driver", driver).put("id", id);
        properties.forEach((key, value) -> json.set(key, Json.MAPPER.valueToTree(value)));
        return json;
    }

    /** A builder that keeps the order properties are added in. */
    public static Builder builder(String driver, String id) {
        return new Builder(driver, id);
    }

    public static final class Builder {
        private final String driver;
        private final String id;
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder(String driver, String id) {
            this.driver = driver;
            this.id = id;
        }

        public Builder property(String key, Object value) {
            properties.put(key, value);
            return this;
        }

        public GuestDevice build() {
            return new GuestDevice(driver, id, properties);
        }
    }
}
