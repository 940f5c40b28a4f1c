package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Nova's list query parameters: the query schemas' checks ({@code Invalid input for query parameters <name>. Value:
 * <value>. <message>}), {@code common.get_limit_and_marker}'s limit, the database's sort directions, and paging by
 * marker ({@code marker [<id>] not found}).
 */
final class NovaListQuery {
    private static final Pattern DIGITS = Pattern.compile("^[0-9]*$");
    private static final int MAX_LIMIT = 1000;

    private final Context context;

    NovaListQuery(Context context) {
        this.context = context;
    }

    /** Every value of {@code name} is one of {@code allowed} (an enum in the query schema). */
    NovaListQuery oneOf(String name, List<String> allowed) {
        for (String value : context.queryParams(name)) {
            if (!allowed.contains(value)) {
                throw invalid(name, value, "%s is not one of [%s]".formatted(SchemaMessages.pythonString(value),
                        allowed.stream().map(SchemaMessages::pythonString).collect(Collectors.joining(", "))));
            }
        }
        return this;
    }

    /** Every value of {@code name} is {@code non_negative_integer}: digits only. */
    NovaListQuery digits(String name) {
        for (String value : context.queryParams(name)) {
            if (value.isEmpty() || !DIGITS.matcher(value).matches()) {
                throw invalid(name, value, "%s does not match '^[0-9]*$'".formatted(SchemaMessages.pythonString(value)));
            }
        }
        return this;
    }

    /** Every value of {@code name} is in the {@code date-time} format. */
    NovaListQuery dateTime(String name) {
        for (String value : context.queryParams(name)) {
            try {
                OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(name, value, "%s is not a 'date-time'".formatted(SchemaMessages.pythonString(value)));
            }
        }
        return this;
    }

    /** From 2.75 the query schemas refuse parameters they do not name. */
    NovaListQuery onlyKnown(Set<String> known) {
        List<String> unknown = context.queryParamMap().keySet().stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("%s", SchemaMessages.additionalProperties(unknown));
        }
        return this;
    }

    /** The database layer's check of {@code sort_dir}, as Nova's InvalidInput words it. */
    NovaListQuery sortDirections() {
        for (String direction : context.queryParams("sort_dir")) {
            if (!direction.strip().equals("asc") && !direction.strip().equals("desc")) {
                throw ApiException.badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'");
            }
        }
        return this;
    }

    /** {@code limit} through oslo's validate_integer (at least 0), or none. */
    Integer limit() {
        String limit = context.queryParam("limit");
        if (limit == null) {
            return null;
        }
        int value;
        try {
            value = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input received: limit must be an integer");
        }
        if (value < 0) {
            throw ApiException.badRequest("Invalid input received: limit must be >= 0");
        }
        return value;
    }

    /** The items after {@code marker} (when given), at most {@code limit} of them (when given). */
    <T> List<T> page(List<T> items, Function<T, String> id, Integer limit) {
        List<T> page = items;
        String marker = context.queryParam("marker");
        if (marker != null) {
            int index = items.stream().map(id).toList().indexOf(marker);
            if (index < 0) {
                throw ApiException.badRequest("marker [%s] not found", marker);
            }
            page = items.subList(index + 1, items.size());
        }
        return limit == null ? page : page.subList(0, Math.min(limit, page.size()));
    }

    /**
     * Nova's {@code common.limited}: the items from {@code offset} (0 unless given), at most {@code limit} of them and
     * never more than the API's {@code max_limit} (1000); a limit of 0 is no limit but that one.
     */
    <T> List<T> limited(List<T> items) {
        digits("limit").digits("offset");
        int offset = Math.min(parameter("offset"), items.size());
        int limit = parameter("limit");
        int count = limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
        return items.subList(offset, Math.min(items.size(), offset + count));
    }

    private int parameter(String name) {
        String value = context.queryParam(name);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** The address of the next page: this request's query with {@code marker} set to the last item shown. */
    String nextHref(String collection, String marker) {
        Map<String, String> parameters = new LinkedHashMap<>();
        context.queryParamMap().forEach((key, values) -> parameters.put(key, values.get(0)));
        parameters.put("marker", marker);
        StringBuilder query = new StringBuilder();
        parameters.forEach((key, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return collection + "?" + query;
    }

    private static ApiException invalid(String name, String value, String message) {
        return ApiException.badRequest("Invalid input for query parameters %s. Value: %s. %s", name, value, message);
    }
}
