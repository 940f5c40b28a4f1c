package org.stackbox.network.http;

import com.fasterxml.jackson.core.type.TypeReference;
import org.stackbox.common.Json;
import org.stackbox.network.spi.NeutronException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A Neutron list request's query: filters on any attribute ({@code ?device_id=X&network_id=Y}; a repeated key matches
 * any of its values; {@code fixed_ips=ip_address=A} matches a port's addresses), {@code sort_key}/{@code sort_dir},
 * {@code marker}/{@code limit} with a {@code next} link, and {@code fields} to trim the views. Filtering on an
 * attribute the resource does not have is refused, as Neutron does.
 */
final class ListQuery {
    private static final Set<String> CONTROLS = Set.of("fields", "limit", "marker", "sort_key", "sort_dir",
            "page_reverse", "verbose");

    private static final TypeReference<LinkedHashMap<String, Object>> VIEW = new TypeReference<>() {};

    private final Map<String, List<String>> parameters;

    ListQuery(Map<String, List<String>> parameters) {
        this.parameters = requireNonNull(parameters, "parameters is null");
    }

    /** The body for {@code collection}, from every visible resource's full view. */
    Map<String, Object> apply(String collection, List<Map<String, Object>> views, Set<String> attributes,
                              String selfUrl) {
        for (String key : parameters.keySet()) {
            if (!CONTROLS.contains(key) && !attributes.contains(key)) {
                throw NeutronException.badRequest("[%s] is invalid attribute for filtering", key);
            }
        }
        List<Map<String, Object>> selected = new ArrayList<>();
        for (Map<String, Object> view : views) {
            if (matches(view)) {
                selected.add(view);
            }
        }
        List<String> sortKeys = parameters.getOrDefault("sort_key", List.of());
        List<String> sortDirections = parameters.getOrDefault("sort_dir", List.of());
        for (int index = sortKeys.size() - 1; index >= 0; index--) {
            String key = sortKeys.get(index);
            if (!attributes.contains(key)) {
                throw NeutronException.badRequest("%s is an invalid attribute for sort_keys", key);
            }
            Comparator<Map<String, Object>> order = Comparator.comparing(view -> text(view.get(key)));
            String direction = index < sortDirections.size() ? sortDirections.get(index) : "asc";
            selected.sort("desc".equalsIgnoreCase(direction) ? order.reversed() : order);
        }
        String marker = first("marker");
        if (marker != null) {
            int position = -1;
            for (int index = 0; index < selected.size(); index++) {
                if (marker.equals(selected.get(index).get("id"))) {
                    position = index;
                }
            }
            selected = selected.subList(position + 1, selected.size());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String limitText = first("limit");
        if (limitText != null) {
            int limit;
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw NeutronException.badRequest("Limit must be an integer 0 or greater and not '%s'", limitText);
            }
            if (limit > 0 && selected.size() > limit) {
                selected = selected.subList(0, limit);
                String next = selfUrl + "?limit=" + limit + "&marker=" + selected.get(limit - 1).get("id");
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("rel", "next");
                link.put("href", next);
                body.put(collection + "_links", List.of(link));
            }
        }
        body.put(collection, selected.stream().map(this::trimmed).toList());
        return body;
    }

    /** The view whole when no {@code fields} are asked for, else a map of the asked ones of its JSON. */
    Object trimmed(Record view) {
        if (parameters.getOrDefault("fields", List.of()).isEmpty()) {
            return view;
        }
        return trimmed(Json.MAPPER.convertValue(view, VIEW));
    }

    /** The view with only the requested {@code fields}, or whole. */
    Map<String, Object> trimmed(Map<String, Object> view) {
        List<String> fields = parameters.getOrDefault("fields", List.of());
        if (fields.isEmpty()) {
            return view;
        }
        Map<String, Object> trimmed = new LinkedHashMap<>();
        for (String field : fields) {
            if (view.containsKey(field)) {
                trimmed.put(field, view.get(field));
            }
        }
        return trimmed;
    }

    private boolean matches(Map<String, Object> view) {
        for (Map.Entry<String, List<String>> filter : parameters.entrySet()) {
            if (CONTROLS.contains(filter.getKey())) {
                continue;
            }
            Object value = view.get(filter.getKey());
            if (filter.getValue().stream().noneMatch(wanted -> matches(value, wanted))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Object value, String wanted) {
        if (value instanceof List<?> items) {
            return items.stream().anyMatch(item -> matches(item, wanted));
        }
        if (value instanceof Map<?, ?> entry) {
            // fixed_ips=ip_address=10.0.0.3 or fixed_ips=subnet_id=...
            int equals = wanted.indexOf('=');
            if (equals < 0) {
                return false;
            }
            Object part = entry.get(wanted.substring(0, equals));
            return part != null && text(part).equals(wanted.substring(equals + 1));
        }
        if (value instanceof Boolean flag) {
            return String.valueOf(flag).equals(wanted.toLowerCase(Locale.ROOT))
                    || (flag ? "1" : "0").equals(wanted);
        }
        return text(value).equals(wanted);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private String first(String key) {
        List<String> values = parameters.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
