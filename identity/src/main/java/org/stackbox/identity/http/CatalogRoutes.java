package org.stackbox.identity.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stackbox.api.ApiException;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.identity.Catalog;

import java.util.Map;
import java.util.Optional;

import static org.stackbox.common.JsonFields.optionalBoolean;
import static org.stackbox.common.JsonFields.optionalString;
import static org.stackbox.identity.http.ResourceRoutes.query;

/** Services, endpoints and regions: {@code /v3/services}, {@code /v3/endpoints}, {@code /v3/regions}. */
final class CatalogRoutes {
    private final Catalog catalog;
    private final IdentityViews views;

    CatalogRoutes(Catalog catalog, IdentityViews views) {
        this.catalog = catalog;
        this.views = views;
    }

    void register(ServiceRoutes routes) {
        routes.get("/v3/services", "identity:list_services", (context, caller) -> Responses.ok(context, views.list("services",
                catalog.listServices(caller, query(context, "type"), query(context, "name")).stream().map(views::service).toList())));
        routes.post("/v3/services", "identity:create_service", (context, caller) -> {
            ObjectNode service = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "service");
            Responses.created(context, Map.of("service", views.service(catalog.createService(caller,
                    JsonFields.requireString(service, "type"), optionalString(service, "name").orElse(null),
                    optionalString(service, "description").orElse(null), optionalBoolean(service, "enabled").orElse(true)))));
        });
        routes.get("/v3/services/{id}", "identity:get_service", (context, caller) ->
                Responses.ok(context, Map.of("service", views.service(catalog.getService(caller, context.pathParam("id"))))));
        routes.delete("/v3/services/{id}", "identity:delete_service", (context, caller) -> {
            catalog.deleteService(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        routes.get("/v3/endpoints", "identity:list_endpoints", (context, caller) -> Responses.ok(context, views.list("endpoints",
                catalog.listEndpoints(caller, query(context, "service_id"), query(context, "interface"), query(context, "region_id"))
                        .stream().map(views::endpoint).toList())));
        routes.post("/v3/endpoints", "identity:create_endpoint", (context, caller) -> {
            ObjectNode endpoint = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "endpoint");
            Responses.created(context, Map.of("endpoint", views.endpoint(catalog.createEndpoint(caller,
                    JsonFields.requireString(endpoint, "service_id"), JsonFields.requireString(endpoint, "interface"),
                    optionalString(endpoint, "region_id").or(() -> optionalString(endpoint, "region")).orElse(null),
                    JsonFields.requireString(endpoint, "url"), optionalBoolean(endpoint, "enabled").orElse(true)))));
        });
        routes.get("/v3/endpoints/{id}", "identity:get_endpoint", (context, caller) ->
                Responses.ok(context, Map.of("endpoint", views.endpoint(catalog.getEndpoint(caller, context.pathParam("id"))))));
        routes.delete("/v3/endpoints/{id}", "identity:delete_endpoint", (context, caller) -> {
            catalog.deleteEndpoint(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        routes.get("/v3/regions", "identity:list_regions", (context, caller) -> Responses.ok(context, views.list("regions",
                catalog.listRegions(query(context, "parent_region_id")).stream().map(views::region).toList())));
        routes.post("/v3/regions", "identity:create_region", (context, caller) -> {
            ObjectNode region = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "region");
            Responses.created(context, Map.of("region", views.region(catalog.createRegion(caller,
                    optionalString(region, "id"), optionalString(region, "description").orElse(null),
                    optionalString(region, "parent_region_id").orElse(null)))));
        });
        routes.put("/v3/regions/{id}", "identity:create_region", (context, caller) -> {
            ObjectNode region = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "region");
            optionalString(region, "id").filter(given -> !given.equals(context.pathParam("id"))).ifPresent(given -> {
                throw ApiException.badRequest("Conflicting region IDs specified: \"%s\" != \"%s\"", context.pathParam("id"), given);
            });
            Responses.created(context, Map.of("region", views.region(catalog.createRegion(caller,
                    Optional.of(context.pathParam("id")), optionalString(region, "description").orElse(null),
                    optionalString(region, "parent_region_id").orElse(null)))));
        });
        routes.patch("/v3/regions/{id}", "identity:update_region", (context, caller) -> {
            ObjectNode region = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "region");
            Optional<Optional<String>> parent = region.has("parent_region_id")
                    ? Optional.of(optionalString(region, "parent_region_id")) : Optional.empty();
            Responses.ok(context, Map.of("region", views.region(catalog.updateRegion(caller, context.pathParam("id"),
                    optionalString(region, "description"), parent))));
        });
        routes.delete("/v3/regions/{id}", "identity:delete_region", (context, caller) -> {
            catalog.deleteRegion(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
        routes.get("/v3/regions/{id}", "identity:get_region", (context, caller) ->
                Responses.ok(context, Map.of("region", views.region(catalog.getRegion(context.pathParam("id"))))));
    }
}
