package org.stackbox.compute.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.stackbox.common.Json;

import java.util.List;
import java.util.Map;

/** Maps and lists kept as JSON text in one column. */
final class JsonColumns {
    private JsonColumns() {}

    static String write(Object value) {
        return Json.write(value);
    }

    static Map<String, String> readMap(String text) {
        return read(text, new TypeReference<Map<String, String>>() {}, Map.of());
    }

    static List<String> readList(String text) {
        return read(text, new TypeReference<List<String>>() {}, List.of());
    }

    private static <T> T read(String text, TypeReference<T> type, T empty) {
        if (text == null || text.isEmpty()) {
            return empty;
        }
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt JSON column: " + text, e);
        }
    }
}
