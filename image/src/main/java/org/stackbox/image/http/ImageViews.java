package org.stackbox.image.http;

import org.stackbox.image.ImageMember;
import org.stackbox.image.ImagePage;
import org.stackbox.image.ImageQuota;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image lists, members and quotas as Glance writes them: key order, nulls and time format as captured from Glance
 * itself. Images themselves are {@link ImageView}s.
 */
final class ImageViews {
    private ImageViews() {}

    /** The list body; {@code first} echoes the request, {@code next} is there only when more pages exist. */
    static Map<String, Object> images(ImagePage page, String first, String nextBase) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("images", page.images().stream().map(ImageView::of).toList());
        view.put("first", first);
        view.put("schema", "/v2/schemas/images");
        page.nextMarker().ifPresent(marker -> view.put("next", nextBase + (nextBase.contains("?") ? "&" : "?") + "marker=" + marker));
        return view;
    }

    static Map<String, Object> member(ImageMember member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", member.createdAt().toString());
        view.put("image_id", member.imageId());
        view.put("member_id", member.memberId());
        view.put("schema", "/v2/schemas/member");
        view.put("status", member.status().wireName());
        view.put("updated_at", member.updatedAt().toString());
        return view;
    }

    static Map<String, Object> members(List<ImageMember> members) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("members", members.stream().map(ImageViews::member).toList());
        view.put("schema", "/v2/schemas/members");
        return view;
    }

    static Map<String, Object> quota(String projectId, ImageQuota quota) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("project_id", projectId);
        limits.put("image_count_total", quota.maxImages().isPresent() ? quota.maxImages().getAsLong() : null);
        limits.put("image_size_total_bytes", quota.maxBytes().isPresent() ? quota.maxBytes().getAsLong() : null);
        return Map.of("quota", limits);
    }
}
