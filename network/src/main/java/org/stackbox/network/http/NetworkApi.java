package org.stackbox.network.http;

import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;
import org.stackbox.common.StackboxException;
import org.stackbox.api.Faults;
import org.stackbox.api.HttpFault;
import org.stackbox.policy.PolicyException;
import org.stackbox.api.ApiException;
import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.network.NetworkService;
import org.stackbox.network.PortService;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Neutron v2.0, under {@code /network}: version discovery, networks, subnets and ports, with Neutron's error bodies
 * ({@code {"NeutronError": {"type": ..., "message": ..., "detail": ""}}}).
 */
public final class NetworkApi implements ServiceApi {
    private final String networkUrl;
    private final NetworkRoutes networkRoutes;
    private final SubnetRoutes subnetRoutes;
    private final PortRoutes portRoutes;

    public NetworkApi(String networkUrl, NetworkService networks, PortService ports) {
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
        this.networkRoutes = new NetworkRoutes(networks, networkUrl);
        this.subnetRoutes = new SubnetRoutes(networks, networkUrl);
        this.portRoutes = new PortRoutes(ports, networkUrl);
    }

    @Override
    public String prefix() {
        return "/network";
    }

    @Override
    public Optional<String> policy() {
        return Optional.of("network");
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.NEUTRON;
    }

    @Override
    public ApiException fault(StackboxException failure) {
        if (failure instanceof PolicyException refused) {
            return new ApiException(HttpFault.FORBIDDEN, "rule:%s is disallowed by policy".formatted(refused.rule()),
                    "PolicyNotAuthorized");
        }
        return answer(failure);
    }

    /** Neutron's failures name their type ({@code NetworkNotFound} ...); any other is answered by its kind. */
    static ApiException answer(StackboxException failure) {
        if (failure instanceof NeutronException neutron) {
            return new ApiException(Faults.forKind(neutron.kind()), neutron.getMessage(), neutron.fault().type());
        }
        return Faults.byKind(failure);
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.ok(context, Map.of("versions", List.of(version()))));
        routes.get("/v2.0", "stackbox:network:list_resources", (context, caller) -> Responses.ok(context, Map.of("resources", List.of(
                resource("network", "networks"), resource("subnet", "subnets"), resource("port", "ports")))));
        // Stackbox implements the core resources and the extensions listed; clients ask before they use one.
        routes.get("/v2.0/extensions", "stackbox:network:list_extensions",
                (context, caller) -> Responses.ok(context, Map.of("extensions", List.of(EXTRA_DHCP_OPT))));
        routes.get("/v2.0/extensions/{alias}", "stackbox:network:list_extensions", (context, caller) -> {
            if (!EXTRA_DHCP_OPT.get("alias").equals(context.pathParam("alias"))) {
                throw new NeutronException(NeutronFault.EXTENSION_NOT_FOUND,
                        "Extension with alias %s does not exist".formatted(context.pathParam("alias")));
            }
            Responses.ok(context, Map.of("extension", EXTRA_DHCP_OPT));
        });
        networkRoutes.register(routes);
        subnetRoutes.register(routes);
        portRoutes.register(routes);
    }

    /** Neutron's {@code extra_dhcp_opt} (neutron-lib's definition): ports' extra DHCP options, e.g. the boot file. */
    private static final Map<String, Object> EXTRA_DHCP_OPT = orderedMap(
            "name", "Neutron Extra DHCP options",
            "alias", "extra_dhcp_opt",
            "description", "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be "
                    + "specified (e.g. tftp-server, server-ip-address, bootfile-name)",
            "updated", "2013-03-17T12:00:00-00:00",
            "links", List.of());

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            map.put((String) keysAndValues[index], keysAndValues[index + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.0");
        version.put("status", "CURRENT");
        version.put("links", List.of(Map.of("rel", "self", "href", networkUrl + "/v2.0/")));
        return version;
    }

    private Map<String, Object> resource(String name, String collection) {
        return Map.of("name", name, "collection", collection,
                "links", List.of(Map.of("rel", "self", "href", networkUrl + "/v2.0/" + collection)));
    }
}
