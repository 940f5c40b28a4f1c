package org.stackbox.image.http;

import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Glance v2, under {@code /image}: version discovery and the image list (the image store is still to come). */
public final class ImageApi implements ServiceApi {
    private final String imageUrl;

    public ImageApi(String imageUrl) {
        this.imageUrl = requireNonNull(imageUrl, "imageUrl is null");
    }

    @Override
    public String prefix() {
        return "/image";
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.OPENSTACK;
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.json(context, 300, versions()));
        routes.publicGet("/versions", context -> Responses.ok(context, versions()));
        routes.get("/v2/schemas/image", (context, caller) -> Responses.ok(context, ImageSchemas.image()));
        routes.get("/v2/schemas/images", (context, caller) -> Responses.ok(context, ImageSchemas.images()));
        routes.get("/v2/images", (context, caller) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("images", List.of());
            body.put("first", "/v2/images");
            body.put("schema", "/v2/schemas/images");
            Responses.ok(context, body);
        });
    }

    private Map<String, Object> versions() {
        return Map.of("versions", List.of(
                version("v2.16", "CURRENT"), version("v2.15", "SUPPORTED"), version("v2.9", "SUPPORTED"),
                version("v2.0", "SUPPORTED")));
    }

    private Map<String, Object> version(String id, String status) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", id);
        version.put("status", status);
        version.put("links", List.of(Map.of("rel", "self", "href", imageUrl + "/v2/")));
        return version;
    }
}
