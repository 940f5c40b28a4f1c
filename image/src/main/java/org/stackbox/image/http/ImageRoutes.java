package org.stackbox.image.http;

import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Authorization;
import org.stackbox.api.Responses;
import org.stackbox.api.ApiException;
import org.stackbox.common.StackboxException;
import org.stackbox.common.ErrorKind;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.image.Image;
import org.stackbox.image.ImagePage;
import org.stackbox.image.ImageService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Images themselves: create, show, list, JSON-patch update, delete, tags, deactivate and reactivate. */
final class ImageRoutes {
    private final ImageService service;
    private final String imageUrl;

    ImageRoutes(ImageService service, String imageUrl) {
        this.service = requireNonNull(service, "service is null");
        this.imageUrl = requireNonNull(imageUrl, "imageUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get("/v2/images", "get_images", this::list);
        List<String> visibilityRules = List.copyOf(new java.util.TreeSet<>(VisibilityRules.RULES.values()));
        routes.post("/v2/images", Authorization.withBodyRules("add_image", visibilityRules, VisibilityRules::ofCreate),
                this::create);
        routes.get("/v2/images/{id}", "get_image", (context, caller) -> Responses.ok(context, ImageView.of(service.get(caller, id(context)))));
        routes.patch("/v2/images/{id}", Authorization.withBodyRules("modify_image", visibilityRules,
                VisibilityRules::ofPatch), this::update);
        routes.delete("/v2/images/{id}", "delete_image", (context, caller) -> {
            service.delete(caller, id(context));
            noContent(context);
        });
        routes.post("/v2/images/{id}/actions/deactivate", "deactivate", (context, caller) -> {
            service.deactivate(caller, id(context));
            noContent(context);
        });
        routes.post("/v2/images/{id}/actions/reactivate", "reactivate", (context, caller) -> {
            service.reactivate(caller, id(context));
            noContent(context);
        });
        routes.put("/v2/images/{id}/tags/{tag}", "modify_image", (context, caller) -> {
            try {
                service.addTag(caller, id(context), context.pathParam("tag"));
            } catch (StackboxException e) {
                // Glance's ImageTagsController words a missing image its own way.
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    throw ApiException.notFound("Image %s not found.", id(context));
                }
                throw e;
            }
            noContent(context);
        });
        routes.delete("/v2/images/{id}/tags/{tag}", "modify_image", (context, caller) -> {
            service.removeTag(caller, id(context), context.pathParam("tag"));
            noContent(context);
        });
    }

    private void list(Context context, Caller caller) {
        if (context.path().endsWith("/")) {
            // GET /v2/images/ names an image with an empty id, which Glance does not find (the router here
            // ignores trailing slashes, Glance's does not).
            throw ApiException.notFound("No image found with ID ");
        }
        Map<String, List<String>> parameters = context.queryParamMap();
        ImagePage page = service.list(caller, ImageRequests.query(parameters));
        String query = context.queryString();
        String first = "/v2/images" + (query == null || query.isEmpty() ? "" : "?" + query);
        Responses.ok(context, ImageViews.images(page, first, "/v2/images" + queryWithout(parameters, "marker")));
    }

    private void create(Context context, Caller caller) {
        ImageRequests.Create request = ImageRequests.create(context.bodyAsBytes());
        Image image = service.create(caller, request.id(), request.attributes());
        context.header("Location", imageUrl + "/v2/images/" + image.id());
        context.header("OpenStack-image-import-methods", "glance-direct");
        Responses.created(context, ImageView.of(image));
    }

    private void update(Context context, Caller caller) {
        var operations = ImageRequests.patch(context.header("Content-Type"), context.bodyAsBytes());
        Responses.ok(context, ImageView.of(service.update(caller, id(context), operations)));
    }

    private static String id(Context context) {
        return context.pathParam("id");
    }

    private static void noContent(Context context) {
        context.status(204).contentType("text/html; charset=UTF-8");
    }

    private static String queryWithout(Map<String, List<String>> parameters, String excluded) {
        Map<String, List<String>> kept = new LinkedHashMap<>(parameters);
        kept.remove(excluded);
        StringBuilder query = new StringBuilder();
        kept.forEach((name, values) -> values.forEach(value -> query.append(query.length() == 0 ? "?" : "&")
                .append(encode(name)).append('=').append(encode(value))));
        return query.toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
