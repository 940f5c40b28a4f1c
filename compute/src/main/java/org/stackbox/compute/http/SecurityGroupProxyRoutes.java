package org.stackbox.compute.http;

import io.javalin.http.Context;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.compute.ServerInterfaceAttachments;
import org.stackbox.network.spi.SecurityGroupSummary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code /os-security-groups} (list and show): Nova's deprecated proxy to the network service's groups, which
 * openstackclient still reads to resolve {@code server add/remove security group}; gone from microversion 2.36 on,
 * as in Nova. A rule is shown as Nova's Neutron driver converts it: ingress only, a protocol without ports as the
 * whole range (1-65535 for TCP and UDP, -1 for others), and a remote group by name instead of a CIDR.
 */
final class SecurityGroupProxyRoutes {
    private static final String BASE = "/v2.1/os-security-groups";

    private final ServerInterfaceAttachments interfaces;
    private final MicroversionNegotiator versions;

    SecurityGroupProxyRoutes(ServerInterfaceAttachments interfaces, MicroversionNegotiator versions) {
        this.interfaces = requireNonNull(interfaces, "interfaces is null");
        this.versions = requireNonNull(versions, "versions is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "os_compute_api:os-security-groups:get", (context, caller) -> Responses.ok(context,
                Map.of("security_groups", groups(context, caller).stream().map(SecurityGroupProxyRoutes::view)
                        .toList())));
        routes.get(BASE + "/{id}", "os_compute_api:os-security-groups:show", (context, caller) -> {
            String id = context.pathParam("id");
            SecurityGroupSummary group = groups(context, caller).stream().filter(each -> each.id().equals(id))
                    .findFirst().orElseThrow(() -> ServiceException.notFound("Security group %s not found.", id));
            Responses.ok(context, Map.of("security_group", view(group)));
        });
    }

    private List<SecurityGroupSummary> groups(Context context, Caller caller) {
        Microversion version = versions.negotiate(context);
        if (version.atLeast(2, 36)) {
            throw ServiceException.notFound("The resource could not be found.");
        }
        return interfaces.securityGroups(caller);
    }

    private static Map<String, Object> view(SecurityGroupSummary group) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("description", group.description());
        view.put("tenant_id", group.projectId());
        view.put("rules", group.rules().stream().map(rule -> rule(group, rule)).toList());
        return view;
    }

    private static Map<String, Object> rule(SecurityGroupSummary group, SecurityGroupSummary.IngressRule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("parent_group_id", group.id());
        view.put("ip_protocol", rule.protocol().orElse(null));
        boolean wholeRange = rule.protocol().isPresent() && rule.portRangeMin().isEmpty() && rule.portRangeMax().isEmpty();
        boolean tcpOrUdp = rule.protocol().filter(protocol -> protocol.equalsIgnoreCase("tcp")
                || protocol.equalsIgnoreCase("udp")).isPresent();
        Integer wholeFrom = tcpOrUdp ? 1 : -1;
        Integer wholeTo = tcpOrUdp ? 65535 : -1;
        view.put("from_port", wholeRange ? wholeFrom : rule.portRangeMin().orElse(null));
        view.put("to_port", wholeRange ? wholeTo : rule.portRangeMax().orElse(null));
        view.put("group", rule.remoteGroup().<Map<String, Object>>map(remote -> Map.of("name", remote.name(),
                "tenant_id", remote.projectId())).orElse(Map.of()));
        view.put("ip_range", rule.remoteGroup().isPresent() ? Map.of()
                : rule.cidr().<Map<String, Object>>map(cidr -> Map.of("cidr", cidr)).orElse(Map.of()));
        return view;
    }
}
