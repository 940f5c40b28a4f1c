package org.stackbox.network.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.stackbox.common.Json;

/** Lists kept as JSON text in one column. */
final class JsonColumns {
    private JsonColumns() {}

    static String write(Object value) {
        return Json.write(value);
    }

    static <T> T read(String text, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getMessage(), e);
        }
    }
}
