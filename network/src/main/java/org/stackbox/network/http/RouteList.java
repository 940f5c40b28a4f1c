package org.stackbox.network.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.network.model.HostRoute;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A router's {@code routes} as a request gives them: a list of dictionaries with exactly {@code destination} and
 * {@code nexthop} (the form neutron-lib's {@code type:hostroutes} wants; {@code null} is an empty list, as its
 * {@code convert_none_to_empty_list} makes it). The addresses themselves are the network service's to check.
 */
final class RouteList {
    private static final Set<String> KEYS = Set.of("destination", "nexthop");

    private RouteList() {}

    static List<HostRoute> read(Optional<JsonNode> value) {
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            throw invalid("Invalid data format for hostroute: '%s'".formatted(text(value.get())));
        }
        List<HostRoute> routes = new ArrayList<>();
        for (JsonNode item : value.get()) {
            if (!(item instanceof ObjectNode route)) {
                throw invalid("Invalid input. '%s' must be a dictionary with keys: ['destination', 'nexthop']"
                        .formatted(item));
            }
            Set<String> provided = new TreeSet<>();
            route.fieldNames().forEachRemaining(provided::add);
            if (!provided.equals(KEYS)) {
                throw invalid("Validation of dictionary's keys failed. Expected keys: {'destination', 'nexthop'} "
                        + "Provided keys: " + provided.stream().map(key -> "'" + key + "'")
                        .collect(Collectors.joining(", ", "{", "}")));
            }
            routes.add(new HostRoute(text(route.get("destination")), text(route.get("nexthop"))));
        }
        return routes;
    }

    /** A string as given; any other value as its JSON text, which no address parses. */
    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : node.toString();
    }

    private static RuntimeException invalid(String reason) {
        return Attributes.invalid("routes", reason);
    }
}
