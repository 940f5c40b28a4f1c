package org.stackbox.volume.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.stackbox.common.Json;

import java.util.Map;

/** String maps (metadata, image metadata) kept as JSON text in one column. */
final class JsonMaps {
    private static final TypeReference<Map<String, String>> TYPE = new TypeReference<>() {};

    private JsonMaps() {}

    static String write(Map<String, String> map) {
        return map == null ? null : Json.write(map);
    }

    static Map<String, String> read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(text, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt metadata column: " + e.getMessage(), e);
        }
    }
}
