package org.stackbox.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A router's extra routes through Neutron's API: the {@code extraroute} and {@code extraroute-atomic} extensions are
 * listed, {@code PUT /v2.0/routers/{id}} sets, replaces and clears {@code routes}, {@code add_extraroutes} and
 * {@code remove_extraroutes} answer the whole router, every view shows the routes, and the interface a route needs
 * is kept (409).
 */
@Timeout(120)
class RouterExtraRoutesApiTest extends InProcessCloudTest {
    @Test
    void routesAreSetAddedRemovedAndShownInEveryView() throws Exception {
        List<String> aliases = new ArrayList<>();
        ok(cloud.call("GET", "/network/v2.0/extensions", cloud.admin(), null)).path("extensions")
                .forEach(extension -> aliases.add(extension.path("alias").asText()));
        assertThat(aliases).contains("extraroute", "extraroute-atomic");
        assertThat(ok(cloud.call("GET", "/network/v2.0/extensions/extraroute-atomic", cloud.admin(), null))
                .at("/extension/name").asText()).isEqualTo("Atomically add/remove extra routes");

        String network = cloud.create("/network/v2.0/networks", "{\"network\": {\"name\": \"routed\"}}")
                .at("/network/id").asText();
        String subnet = cloud.create("/network/v2.0/subnets", """
                {"subnet": {"network_id": "%s", "cidr": "10.40.0.0/24", "ip_version": 4}}""".formatted(network))
                .at("/subnet/id").asText();
        String router = cloud.create("/network/v2.0/routers", "{\"router\": {\"name\": \"routed\"}}")
                .at("/router/id").asText();
        String path = "/network/v2.0/routers/" + router;
        ok(cloud.call("PUT", path + "/add_router_interface", cloud.admin(), "{\"subnet_id\": \"%s\"}"
                .formatted(subnet)));

        JsonNode set = ok(cloud.call("PUT", path, cloud.admin(), """
                {"router": {"routes": [{"destination": "10.41.0.0/24", "nexthop": "10.40.0.5"}]}}"""));
        assertThat(routes(set.path("router"))).containsExactly("10.41.0.0/24 10.40.0.5");
        JsonNode added = ok(cloud.call("PUT", path + "/add_extraroutes", cloud.admin(), """
                {"router": {"routes": [{"destination": "10.42.0.0/24", "nexthop": "10.40.0.6"},
                                       {"destination": "10.41.0.0/24", "nexthop": "10.40.0.5"}]}}"""));
        assertThat(added.path("router").path("id").asText()).isEqualTo(router);
        assertThat(routes(added.path("router"))).containsExactly("10.41.0.0/24 10.40.0.5", "10.42.0.0/24 10.40.0.6");
        assertThat(routes(ok(cloud.call("GET", path, cloud.admin(), null)).path("router")))
                .containsExactly("10.41.0.0/24 10.40.0.5", "10.42.0.0/24 10.40.0.6");
        JsonNode listed = ok(cloud.call("GET", "/network/v2.0/routers?id=" + router, cloud.admin(), null));
        assertThat(routes(listed.path("routers").path(0))).hasSize(2);

        refused(cloud.call("PUT", path + "/remove_router_interface", cloud.admin(), "{\"subnet_id\": \"%s\"}"
                .formatted(subnet)), 409, "Router interface for subnet %s on router %s cannot be deleted, as it is "
                .formatted(subnet, router) + "required by one or more routes.");
        refused(cloud.call("PUT", path + "/add_extraroutes", cloud.admin(), """
                {"router": {"routes": [{"destination": "10.43.0.0/24", "nexthop": "10.99.0.1"}]}}"""), 400,
                "{\"type\":\"InvalidRoutes\",\"message\":\"Invalid format for routes: [{'destination': "
                        + "'10.41.0.0/24', 'nexthop': '10.40.0.5'}, {'destination': '10.42.0.0/24', 'nexthop': "
                        + "'10.40.0.6'}, {'destination': '10.43.0.0/24', 'nexthop': '10.99.0.1'}], the nexthop is "
                        + "not connected with router\"");

        JsonNode removed = ok(cloud.call("PUT", path + "/remove_extraroutes", cloud.admin(), """
                {"router": {"routes": [{"destination": "10.41.0.0/24", "nexthop": "10.40.0.5"}]}}"""));
        assertThat(routes(removed.path("router"))).containsExactly("10.42.0.0/24 10.40.0.6");
        JsonNode cleared = ok(cloud.call("PUT", path, cloud.admin(), "{\"router\": {\"routes\": null}}"));
        assertThat(cleared.at("/router/routes").isArray()).isTrue();
        assertThat(routes(cleared.path("router"))).isEmpty();
        ok(cloud.call("PUT", path + "/remove_router_interface", cloud.admin(), "{\"subnet_id\": \"%s\"}"
                .formatted(subnet)));
    }

    /** A router view's routes as "destination nexthop". */
    private static List<String> routes(JsonNode router) {
        List<String> routes = new ArrayList<>();
        router.path("routes").forEach(route -> routes.add(route.path("destination").asText() + " "
                + route.path("nexthop").asText()));
        return routes;
    }
}
