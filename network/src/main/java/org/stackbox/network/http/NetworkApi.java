package org.stackbox.network.http;

import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Neutron v2.0, under {@code /network}: version discovery and the network list (networks are still to come). */
public final class NetworkApi implements ServiceApi {
    private final String networkUrl;

    public NetworkApi(String networkUrl) {
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    @Override
    public String prefix() {
        return "/network";
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.OPENSTACK;
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.ok(context, Map.of("versions", List.of(version()))));
        routes.get("/v2.0/networks", (context, caller) -> Responses.ok(context, Map.of("networks", List.of())));
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.0");
        version.put("status", "CURRENT");
        version.put("links", List.of(Map.of("rel", "self", "href", networkUrl + "/v2.0/")));
        return version;
    }
}
