package org.stackbox.network.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.stackbox.common.Json;
import org.stackbox.network.model.HostRoute;

import java.util.List;
import java.util.Map;

/** Lists kept as JSON text in one column. */
final class JsonColumns {
    private static final TypeReference<List<Map<String, String>>> ROUTES = new TypeReference<>() {};

    private JsonColumns() {}

    /** Routes (a subnet's host routes, a router's extra routes) as {@code [{"destination", "nexthop"}, ...]}. */
    static String writeRoutes(List<HostRoute> routes) {
        return write(routes.stream()
                .map(route -> Map.of("destination", route.destination(), "nexthop", route.nexthop())).toList());
    }

    static List<HostRoute> readRoutes(String text) {
        return read(text, ROUTES).stream()
                .map(route -> new HostRoute(route.get("destination"), route.get("nexthop"))).toList();
    }

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
