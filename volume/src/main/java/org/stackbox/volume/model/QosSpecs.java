package org.stackbox.volume.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Cinder's QoS specs: named key/value limits for a consumer ("back-end", "front-end" or "both"), which volume
 * types are associated with. Stackbox keeps and shows them; its single local back end does not enforce them.
 */
public record QosSpecs(String id, String name, String consumer, Map<String, String> specs) {
    public QosSpecs {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(consumer, "consumer is null");
        specs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(specs, "specs is null")));
    }
}
