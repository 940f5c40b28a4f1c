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
import org.stackbox.network.SecurityGroupService;
import org.stackbox.network.RouterService;
import org.stackbox.network.FloatingIpService;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.stackbox.network.bridge.Agent;

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
    private final SecurityGroupRoutes securityGroupRoutes;
    private final SecurityGroupRuleRoutes securityGroupRuleRoutes;
    private final AgentRoutes agentRoutes;
    private final RouterRoutes routerRoutes;
    private final FloatingIpRoutes floatingIpRoutes;

    /** {@code agents}: the agents whose work this host does (on bridged networks). */
    public NetworkApi(String networkUrl, NetworkService networks, PortService ports,
                      SecurityGroupService securityGroups, RouterService routers, FloatingIpService floatingIps,
                      Supplier<List<Agent>> agents) {
        this.routerRoutes = new RouterRoutes(routers, networkUrl);
        this.floatingIpRoutes = new FloatingIpRoutes(floatingIps, networkUrl);
        this.agentRoutes = new AgentRoutes(agents, networkUrl);
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
        this.networkRoutes = new NetworkRoutes(networks, networkUrl);
        this.subnetRoutes = new SubnetRoutes(networks, networkUrl);
        this.portRoutes = new PortRoutes(ports, networkUrl);
        this.securityGroupRoutes = new SecurityGroupRoutes(securityGroups, networkUrl);
        this.securityGroupRuleRoutes = new SecurityGroupRuleRoutes(securityGroups, networkUrl);
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
                resource("network", "networks"), resource("subnet", "subnets"), resource("port", "ports"),
                resource("security_group", "security-groups"),
                resource("security_group_rule", "security-group-rules"), resource("router", "routers"),
                resource("floatingip", "floatingips")))));
        // Stackbox implements the core resources and the extensions listed; clients ask before they use one.
        routes.get("/v2.0/extensions", "stackbox:network:list_extensions",
                (context, caller) -> Responses.ok(context, Map.of("extensions", EXTENSIONS)));
        routes.get("/v2.0/extensions/{alias}", "stackbox:network:list_extensions", (context, caller) -> {
            Map<String, Object> extension = EXTENSIONS.stream()
                    .filter(candidate -> candidate.get("alias").equals(context.pathParam("alias"))).findFirst()
                    .orElseThrow(() -> new NeutronException(NeutronFault.EXTENSION_NOT_FOUND,
                            "Extension with alias %s does not exist".formatted(context.pathParam("alias"))));
            Responses.ok(context, Map.of("extension", extension));
        });
        networkRoutes.register(routes);
        subnetRoutes.register(routes);
        portRoutes.register(routes);
        securityGroupRoutes.register(routes);
        securityGroupRuleRoutes.register(routes);
        agentRoutes.register(routes);
        routerRoutes.register(routes);
        floatingIpRoutes.register(routes);
    }

    private static Map<String, Object> extension(String alias, String name, String description) {
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put("name", name);
        extension.put("alias", alias);
        extension.put("description", description);
        extension.put("updated", "2012-10-05T10:00:00-00:00");
        extension.put("links", List.of());
        return java.util.Collections.unmodifiableMap(extension);
    }

    /** The extensions Stackbox implements, as neutron-lib defines them. */
    private static final List<Map<String, Object>> EXTENSIONS = List.of(
            extension("security-group", "security-group", "The security groups extension."),
            extension("external-net", "Neutron external network", "Adds external network attribute to network "
                    + "resource."),
            extension("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron "
                    + "networks and access to external networks via a NAT gateway."),
            extension("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router "
                    + "abstraction for specifying whether SNAT should occur on the external gateway"),
            extension("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"),
            extension("extraroute-atomic", "Atomically add/remove extra routes", "Edit extra routes of a router on "
                    + "server side by atomically adding/removing extra routes"),
            extension("port-security", "Port Security", "Provides port security"),
            extension("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
            extension("stateful-security-group", "Stateful security group",
                    "Indicates if the security group is stateful or not"),
            extension("extra_dhcp_opt", "Neutron Extra DHCP options", "Extra options configuration for DHCP. For "
                    + "example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, "
                    + "bootfile-name)"));

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
