package org.stackbox.network.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.auth.Caller;
import org.stackbox.network.IpPrefix;
import org.stackbox.network.NetworkCommands.NewSecurityGroupRule;
import org.stackbox.network.Protocols;
import org.stackbox.network.SecurityGroupService;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.model.SecurityGroupRule.Direction;
import org.stackbox.network.model.SecurityGroupRule.Ethertype;
import org.stackbox.network.spi.NeutronException;
import org.stackbox.network.spi.NeutronFault;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code /v2.0/security-group-rules}: list, show, create, delete (rules do not change; Neutron has no update). The
 * attributes are read with Neutron's converters, in the order of its attribute map.
 */
final class SecurityGroupRuleRoutes {
    private static final String BASE = "/v2.0/security-group-rules";
    private static final Set<String> CREATE = Set.of("security_group_id", "remote_group_id", "direction", "protocol",
            "port_range_min", "port_range_max", "ethertype", "remote_ip_prefix", "tenant_id", "project_id",
            "description");

    private final SecurityGroupService groups;
    private final String networkUrl;

    SecurityGroupRuleRoutes(SecurityGroupService groups, String networkUrl) {
        this.groups = requireNonNull(groups, "groups is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_security_group_rule", this::list);
        routes.post(BASE, "create_security_group_rule", this::create);
        routes.get(BASE + "/{id}", "get_security_group_rule", (context, caller) -> Responses.ok(context,
                Map.of("security_group_rule", NetworkRoutes.query(context).trimmed(
                        view(groups.getRule(caller, context.pathParam("id")))))));
        routes.delete(BASE + "/{id}", "delete_security_group_rule", (context, caller) -> {
            groups.deleteRule(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
    }

    private void list(Context context, Caller caller) {
        List<Map<String, Object>> views = groups.listRules(caller).stream().map(this::view).toList();
        Responses.ok(context, NetworkRoutes.query(context).apply("security_group_rules", views,
                SecurityGroupViews.RULE_ATTRIBUTES, networkUrl + BASE));
    }

    private void create(Context context, Caller caller) {
        Attributes attributes = Attributes.of(context.bodyAsBytes(), "security_group_rule", CREATE);
        String securityGroupId = attributes.requireString("security_group_id");
        String directionText = attributes.requireString("direction");
        Optional<String> remoteGroupId = attributes.string("remote_group_id");
        Direction direction = switch (directionText) {
            case "ingress" -> Direction.INGRESS;
            case "egress" -> Direction.EGRESS;
            default -> throw Attributes.invalid("direction",
                    "'%s' is not in ['ingress', 'egress']".formatted(directionText));
        };
        Optional<String> protocol = Protocols.convert(attributes.raw("protocol").map(SecurityGroupRuleRoutes::text)
                .orElse(null));
        Optional<Integer> min = port(attributes.raw("port_range_min"));
        Optional<Integer> max = port(attributes.raw("port_range_max"));
        Ethertype ethertype = attributes.raw("ethertype").map(value -> (value.isTextual()
                        ? Ethertype.parse(value.asText()) : Optional.<Ethertype>empty())
                .orElseThrow(() -> new NeutronException(NeutronFault.SECURITY_GROUP_RULE_INVALID_ETHERTYPE, ("Security "
                        + "group rule for ethertype '%s' not supported. Allowed values are ['IPv4', 'IPv6'].")
                        .formatted(text(value))))).orElse(Ethertype.IPV4);
        Optional<IpPrefix> prefix = attributes.string("remote_ip_prefix").filter(text -> !text.isEmpty())
                .map(text -> IpPrefix.parse(text).orElseThrow(() -> new NeutronException(NeutronFault.INVALID_CIDR,
                        "Invalid CIDR %s given as IP prefix.".formatted(text))));
        SecurityGroupRule rule = groups.createRule(caller, new NewSecurityGroupRule(
                attributes.string("project_id").or(() -> attributes.string("tenant_id")), securityGroupId, direction,
                ethertype, protocol, min, max, prefix, remoteGroupId, attributes.string("description").orElse("")));
        Responses.created(context, Map.of("security_group_rule", view(rule)));
    }

    private Map<String, Object> view(SecurityGroupRule rule) {
        return SecurityGroupViews.rule(rule, groups.isDefault(rule.securityGroupId()));
    }

    /** neutron's convert_validate_port_value: an integer 0-65535, or text of one. */
    private static Optional<Integer> port(Optional<JsonNode> value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = text(value.get());
        try {
            int port = value.get().isIntegralNumber() ? value.get().intValue() : Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535 && !value.get().isBoolean()) {
                return Optional.of(port);
            }
        } catch (NumberFormatException e) {
            // Neutron's message below.
        }
        throw new NeutronException(NeutronFault.SECURITY_GROUP_INVALID_PORT_VALUE,
                "Invalid value for port %s".formatted(text));
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
