package org.stackbox.volume.http;

import io.javalin.http.Context;
import org.stackbox.api.Caller;
import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.ApiException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Cinder v3, under {@code /volume}: version discovery and the volume list (the block store is still to come). */
public final class VolumeApi implements ServiceApi {
    public static final String MIN_VERSION = "3.0";
    public static final String MAX_VERSION = "3.70";

    private final String volumeUrl;

    public VolumeApi(String volumeUrl) {
        this.volumeUrl = requireNonNull(volumeUrl, "volumeUrl is null");
    }

    @Override
    public String prefix() {
        return "/volume";
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.OPENSTACK;
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.json(context, 300, Map.of("versions", List.of(version()))));
        routes.publicGet("/v3", context -> Responses.ok(context, Map.of("versions", List.of(version()))));
        routes.get("/v3/{project}/volumes", (context, caller) -> emptyVolumes(context, caller));
        routes.get("/v3/{project}/volumes/detail", (context, caller) -> emptyVolumes(context, caller));
    }

    private void emptyVolumes(Context context, Caller caller) {
        requireOwnProject(context, caller);
        Responses.ok(context, Map.of("volumes", List.of()));
    }

    /** The project in the URL must be the token's, unless the caller is an administrator. */
    static void requireOwnProject(Context context, Caller caller) {
        String project = context.pathParam("project");
        if (!caller.isAdmin() && !project.equals(caller.projectId())) {
            throw ApiException.forbidden("Policy doesn't allow access to project %s.", project);
        }
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v3.0");
        version.put("status", "CURRENT");
        version.put("version", MAX_VERSION);
        version.put("min_version", MIN_VERSION);
        version.put("updated", "2023-08-31T00:00:00Z");
        version.put("links", List.of(Map.of("rel", "self", "href", volumeUrl + "/v3/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.volume+json;version=3")));
        return version;
    }
}
