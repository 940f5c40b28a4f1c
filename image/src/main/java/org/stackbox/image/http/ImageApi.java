package org.stackbox.image.http;

import org.stackbox.common.StackboxException;
import org.stackbox.api.Faults;
import org.stackbox.policy.PolicyException;
import org.stackbox.api.ApiException;
import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.image.ImageService;
import org.stackbox.image.ImageTransfers;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Glance v2, under {@code /image}. The routes, in one table:
 * <pre>
 * GET    /  /versions                         version documents (public)
 * GET    /v2/schemas/{image,images,member,members}
 * GET    /v2/info/import  /v2/info/stores
 * GET    /v2/images   POST /v2/images          list (filters, sort, marker paging), create
 * GET|PATCH|DELETE /v2/images/{id}            show, JSON-patch update, delete
 * PUT|GET /v2/images/{id}/file                upload, download (Range)
 * PUT    /v2/images/{id}/stage  POST .../import   glance-direct import
 * POST   /v2/images/{id}/actions/{deactivate,reactivate}
 * PUT|DELETE /v2/images/{id}/tags/{tag}
 * GET|POST /v2/images/{id}/members  GET|PUT|DELETE /v2/images/{id}/members/{member}
 * GET|PUT /v2/quotas/{project_id}             Stackbox extension: image quotas
 * </pre>
 */
public final class ImageApi implements ServiceApi {
    private final String imageUrl;
    private final ImageRoutes images;
    private final ImageDataRoutes data;
    private final MemberRoutes members;

    public ImageApi(String imageUrl, ImageService service, ImageTransfers transfers) {
        this.imageUrl = requireNonNull(imageUrl, "imageUrl is null");
        this.images = new ImageRoutes(service, imageUrl);
        this.data = new ImageDataRoutes(transfers);
        this.members = new MemberRoutes(service);
    }

    @Override
    public String prefix() {
        return "/image";
    }

    @Override
    public Optional<String> policy() {
        return Optional.of("image");
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.OPENSTACK;
    }

    @Override
    public ApiException fault(StackboxException failure) {
        if (failure instanceof PolicyException refused) {
            return ApiException.forbidden("You are not authorized to complete %s action.", refused.rule());
        }
        return Faults.byKind(failure);
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.json(context, 300, versions()));
        routes.publicGet("/versions", context -> Responses.ok(context, versions()));
        routes.get("/v2/schemas/image", "stackbox:image:get_schema", (context, caller) -> Responses.ok(context, ImageSchemas.image()));
        routes.get("/v2/schemas/images", "stackbox:image:get_schema", (context, caller) -> Responses.ok(context, ImageSchemas.images()));
        routes.get("/v2/schemas/member", "stackbox:image:get_schema", (context, caller) -> Responses.ok(context, ImageSchemas.member()));
        routes.get("/v2/schemas/members", "stackbox:image:get_schema", (context, caller) -> Responses.ok(context, ImageSchemas.members()));
        routes.get("/v2/info/import", "stackbox:image:get_info", (context, caller) -> Responses.ok(context, Map.of("import-methods", Map.of(
                "description", "Import methods available.", "type", "array", "value", List.of("glance-direct")))));
        routes.get("/v2/info/stores", "stackbox:image:get_info", (context, caller) -> Responses.ok(context, Map.of("stores", List.of(Map.of(
                "id", "local", "description", "Files in the Stackbox data directory", "default", true)))));
        images.register(routes);
        data.register(routes);
        members.register(routes);
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
