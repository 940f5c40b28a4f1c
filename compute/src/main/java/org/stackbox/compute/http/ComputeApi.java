package org.stackbox.compute.http;

import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Nova v2.1, under {@code /compute}: version discovery and the server list (servers themselves are still to come). */
public final class ComputeApi implements ServiceApi {
    public static final String MIN_VERSION = "2.1";
    public static final String MAX_VERSION = "2.95";

    private final String computeUrl;

    public ComputeApi(String computeUrl) {
        this.computeUrl = requireNonNull(computeUrl, "computeUrl is null");
    }

    @Override
    public String prefix() {
        return "/compute";
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.OPENSTACK;
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.ok(context, Map.of("versions", List.of(version()))));
        routes.publicGet("/v2.1", context -> Responses.ok(context, Map.of("version", version())));
        routes.get("/v2.1/servers", (context, caller) -> Responses.ok(context, Map.of("servers", List.of())));
        routes.get("/v2.1/servers/detail", (context, caller) -> Responses.ok(context, Map.of("servers", List.of())));
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.1");
        version.put("status", "CURRENT");
        version.put("version", MAX_VERSION);
        version.put("min_version", MIN_VERSION);
        version.put("updated", "2013-07-23T11:33:21Z");
        version.put("links", List.of(Map.of("rel", "self", "href", computeUrl + "/v2.1/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.compute+json;version=2.1")));
        return version;
    }
}
