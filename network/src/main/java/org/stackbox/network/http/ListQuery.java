package org.stackbox.network.http;

import com.fasterxml.jackson.core.type.TypeReference;
import org.stackbox.common.Json;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
        List<String> unknown = parameters.keySet().stream()
                .filter(key -> !CONTROLS.contains(key) && !attributes.contains(key)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw NeutronException.badRequest("%s is invalid attribute for filtering", pythonList(unknown));
        }
        List<Map<String, Object>> selected = new ArrayList<>();
        for (Map<String, Object> view : views) {
            if (matches(view)) {
                selected.add(view);
            }
        }
        List<String> sortKeys = nonEmpty("sort_key");
        List<String> sortDirections = nonEmpty("sort_dir");
        checkSorts(sortKeys, sortDirections, attributes);
        for (int index = sortKeys.size() - 1; index >= 0; index--) {
            String key = sortKeys.get(index);
            Comparator<Map<String, Object>> order = Comparator.comparing(view -> text(view.get(key)));
            selected.sort("desc".equals(sortDirections.get(index)) ? order.reversed() : order);
        }
        int limit = limit();
        String marker = first("marker");
        // Neutron reads the marker only when a limit pages the list; then one it cannot find is that resource's 404.
        if (marker != null && limit > 0) {
            int position = -1;
            for (int index = 0; index < selected.size(); index++) {
                if (marker.equals(selected.get(index).get("id"))) {
                    position = index;
                }
            }
            if (position < 0) {
                throw markerNotFound(collection, marker);
            }
            selected = selected.subList(position + 1, selected.size());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (limit > 0) {
            if (selected.size() > limit) {
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

    /** api_common.get_sorts: as many directions as keys, keys the resource sorts by, directions asc or desc. */
    private static void checkSorts(List<String> keys, List<String> directions, Set<String> attributes) {
        if (keys.size() != directions.size()) {
            throw NeutronException.badRequest("The number of sort_keys and sort_dirs must be same");
        }
        List<String> absent = keys.stream().filter(key -> !attributes.contains(key)).toList();
        if (!absent.isEmpty()) {
            throw NeutronException.badRequest("%s is invalid attribute for sort_keys", pythonList(absent));
        }
        List<String> invalid = directions.stream().filter(direction -> !direction.equals("asc") && !direction.equals("desc")).toList();
        if (!invalid.isEmpty()) {
            throw NeutronException.badRequest("%s is invalid value for sort_dirs, valid value is 'asc' and 'desc'",
                    pythonList(invalid));
        }
    }

    /** api_common._get_limit_param: 0 (no paging) when absent, else an integer 0 or greater. */
    private int limit() {
        String text = first("limit");
        if (text == null) {
            return 0;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below, as Neutron refuses a negative one
        }
        throw NeutronException.badRequest("Bad limit request: Limit must be an integer 0 or greater and not '%s'.", text);
    }

    private static NeutronException markerNotFound(String collection, String marker) {
        return switch (collection) {
            case "networks" -> NeutronException.networkNotFound(marker);
            case "subnets" -> NeutronException.subnetNotFound(marker);
            case "ports" -> NeutronException.portNotFound(marker);
            case "security_groups" -> NeutronException.securityGroupNotFound(marker);
            case "security_group_rules" -> new NeutronException(NeutronFault.SECURITY_GROUP_RULE_NOT_FOUND,
                    "Security group rule %s does not exist".formatted(marker), marker);
            default -> throw new IllegalArgumentException("no marker lookup for " + collection);
        };
    }

    private static String pythonList(List<String> items) {
        return items.stream().map(item -> "'" + item + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private List<String> nonEmpty(String key) {
        return parameters.getOrDefault(key, List.of()).stream().filter(value -> !value.isEmpty()).toList();
    }

    private String first(String key) {
        List<String> values = parameters.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
