package org.stackbox.volume.http;

import org.stackbox.api.ApiException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Cinder's list parameters, checked in the order Cinder checks them ({@code api/common.py}'s pagination and sort
 * params, then the database layer's sort directions, marker and sort keys), with its messages. The list is sorted
 * and paged here: by the keys asked for (each {@code desc} unless said otherwise, as Cinder's default), then by
 * {@code created_at} and {@code id}, newest first, so that a marker always names one place.
 */
final class ListPaging {
    private final Map<String, List<String>> query;

    ListPaging(Map<String, List<String>> query) {
        this.query = query;
    }

    /**
     * The page of {@code items} the query asks for. {@code requireExists} is called with a marker not in the list:
     * it throws the resource's own 404 when the marker names nothing the caller sees.
     */
    <T> List<T> page(List<T> items, Function<T, String> id, Consumer<String> requireExists,
                     Map<String, Function<T, Comparable<?>>> sortKeys) {
        int limit = nonNegative("limit").orElse(Integer.MAX_VALUE);
        int offset = nonNegative("offset").orElse(0);
        List<String> keys = query.getOrDefault("sort_key", List.of());
        List<String> directions = query.getOrDefault("sort_dir", List.of());
        String sort = first("sort");
        if (sort != null && (!keys.isEmpty() || !directions.isEmpty())) {
            throw ApiException.badRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used "
                    + "with the 'sort' parameter.");
        }
        if (sort != null) {
            keys = new ArrayList<>();
            directions = new ArrayList<>();
            for (String pair : sort.split(",")) {
                String[] parts = pair.strip().split(":", 2);
                keys.add(parts[0].strip());
                if (parts.length == 2) {
                    directions.add(parts[1].strip());
                }
            }
        }
        for (String direction : directions) {
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw ApiException.badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.");
            }
        }
        for (String key : keys) {
            if (!sortKeys.containsKey(key)) {
                throw ApiException.badRequest("Invalid input received: Invalid sort key");
            }
        }
        items = sorted(items, keys, directions, sortKeys, id);
        List<T> page = items;
        String marker = first("marker");
        if (marker != null) {
            int index = items.stream().map(id).toList().indexOf(marker);
            if (index < 0) {
                requireExists.accept(marker);
            }
            page = index < 0 ? List.of() : items.subList(index + 1, items.size());
        }
        page = page.subList(Math.min(offset, page.size()), page.size());
        return page.subList(0, Math.min(limit, page.size()));
    }

    /**
     * Cinder's link to the next page: when a page is as long as the limit asked for, the same query from its last
     * item on ({@code marker}), as Cinder's {@code _get_collection_links} makes it.
     */
    static <T> Optional<Map<String, String>> nextLink(io.javalin.http.Context context, List<T> page,
                                                      Function<T, String> id) {
        String limit = context.queryParam("limit");
        if (limit == null || page.isEmpty() || page.size() < Integer.parseInt(limit)) {
            return Optional.empty();
        }
        StringBuilder query = new StringBuilder();
        context.queryParamMap().forEach((name, values) -> {
            if (!name.equals("marker")) {
                values.forEach(value -> query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
            }
        });
        query.append(query.isEmpty() ? "" : "&").append("marker=").append(id.apply(page.get(page.size() - 1)));
        return Optional.of(Map.of("href", context.fullUrl().split("\\?")[0] + "?" + query, "rel", "next"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> List<T> sorted(List<T> items, List<String> keys, List<String> directions,
                                      Map<String, Function<T, Comparable<?>>> sortKeys, Function<T, String> id) {
        List<String> allKeys = new ArrayList<>(keys);
        List<Boolean> descending = new ArrayList<>();
        for (int index = 0; index < keys.size(); index++) {
            descending.add(index >= directions.size() || directions.get(index).equals("desc"));
        }
        for (String tieBreaker : List.of("created_at", "id")) {
            if (!allKeys.contains(tieBreaker)) {
                allKeys.add(tieBreaker);
                descending.add(true);
            }
        }
        Comparator<T> order = (left, right) -> 0;
        for (int index = 0; index < allKeys.size(); index++) {
            Function<T, Comparable<?>> value = allKeys.get(index).equals("id") ? item -> id.apply(item)
                    : sortKeys.get(allKeys.get(index));
            Comparator<T> byKey = Comparator.comparing(item -> (Comparable) value.apply(item),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            order = order.thenComparing(descending.get(index) ? byKey.reversed() : byKey);
        }
        return items.stream().sorted(order).toList();
    }

    private Optional<Integer> nonNegative(String name) {
        String text = first(name);
        if (text == null) {
            return Optional.empty();
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("%s param must be an integer", name);
        }
        if (value < 0) {
            throw ApiException.badRequest("%s param must be positive", name);
        }
        return Optional.of(value);
    }

    private String first(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
