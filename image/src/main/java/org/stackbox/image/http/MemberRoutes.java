package org.stackbox.image.http;

import org.stackbox.api.Authorization;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.common.JsonFields;
import org.stackbox.image.ImageQuota;
import org.stackbox.image.ImageService;
import org.stackbox.image.MemberStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Image members (sharing with other projects) and, as a Stackbox extension, per-project image quotas:
 * {@code GET|PUT /v2/quotas/{project_id}} with {@code {"quota": {"image_count_total": N, "image_size_total_bytes": N}}}
 * ({@code null} is unlimited; only administrators may set them).
 */
final class MemberRoutes {
    private final ImageService service;

    MemberRoutes(ImageService service) {
        this.service = requireNonNull(service, "service is null");
    }

    void register(ServiceRoutes routes) {
        routes.get("/v2/images/{id}/members", "get_members", (context, caller) ->
                Responses.ok(context, ImageViews.members(service.members(caller, context.pathParam("id")))));
        routes.post("/v2/images/{id}/members", "add_member", (context, caller) -> {
            String member = JsonFields.optionalString(ImageRequests.parseObject(context.bodyAsBytes()), "member")
                    .orElseThrow(() -> ApiException.badRequest("Member to be added not specified"));
            Responses.ok(context, ImageViews.member(service.addMember(caller, context.pathParam("id"), member)));
        });
        routes.get("/v2/images/{id}/members/{member}", "get_member", (context, caller) -> Responses.ok(context,
                ImageViews.member(service.member(caller, context.pathParam("id"), context.pathParam("member")))));
        // The member project answers for itself: Glance's rule names it as the target's member_id.
        routes.put("/v2/images/{id}/members/{member}", Authorization.rule("modify_member",
                (context, caller) -> Map.of("member_id", context.pathParam("member"))), (context, caller) -> {
            String status = JsonFields.requireString(ImageRequests.parseObject(context.bodyAsBytes()), "status");
            Responses.ok(context, ImageViews.member(service.updateMember(caller, context.pathParam("id"),
                    context.pathParam("member"), MemberStatus.fromWireName(status))));
        });
        routes.delete("/v2/images/{id}/members/{member}", "delete_member", (context, caller) -> {
            service.removeMember(caller, context.pathParam("id"), context.pathParam("member"));
            context.status(204);
        });
        // The quota's project is the target, as Nova and Cinder check quota rules against the project in the path.
        Authorization.Target quotaProject = (context, caller) -> Map.of("project_id", context.pathParam("project"));
        routes.get("/v2/quotas/{project}", Authorization.rule("stackbox:image:get_quota", quotaProject), (context, caller) -> Responses.ok(context,
                ImageViews.quota(context.pathParam("project"), service.quota(caller, context.pathParam("project")))));
        routes.put("/v2/quotas/{project}", Authorization.rule("stackbox:image:update_quota", quotaProject), (context, caller) -> {
            ObjectNode quota = JsonFields.requireObject(ImageRequests.parseObject(context.bodyAsBytes()), "quota");
            ImageQuota saved = service.setQuota(caller, context.pathParam("project"),
                    new ImageQuota(limit(quota, "image_count_total"), limit(quota, "image_size_total_bytes")));
            Responses.ok(context, ImageViews.quota(context.pathParam("project"), saved));
        });
    }

    private static OptionalLong limit(ObjectNode quota, String field) {
        JsonNode value = quota.get(field);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw ApiException.badRequest("Invalid value for '%s': %s is not a non-negative integer", field, value);
        }
        return OptionalLong.of(value.asLong());
    }
}
