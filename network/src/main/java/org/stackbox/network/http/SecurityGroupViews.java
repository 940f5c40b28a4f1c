package org.stackbox.network.http;

import org.stackbox.network.IpPrefix;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Neutron's JSON shapes for security groups and their rules, and the attributes a list may filter on. */
final class SecurityGroupViews {
    static final Set<String> GROUP_ATTRIBUTES = Set.of("id", "name", "stateful", "tenant_id", "project_id",
            "description", "shared", "security_group_rules", "tags", "created_at", "updated_at", "revision_number");
    static final Set<String> RULE_ATTRIBUTES = Set.of("id", "project_id", "tenant_id", "security_group_id",
            "ethertype", "direction", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
            "remote_address_group_id", "normalized_cidr", "remote_group_id", "belongs_to_default_sg", "description",
            "created_at", "updated_at", "revision_number");

    private SecurityGroupViews() {}

    static Map<String, Object> group(SecurityGroup group, List<SecurityGroupRule> rules, boolean isDefault) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("stateful", group.stateful());
        view.put("tenant_id", group.projectId());
        view.put("project_id", group.projectId());
        view.put("description", group.description());
        view.put("shared", false);
        view.put("security_group_rules", rules.stream().map(rule -> rule(rule, isDefault)).toList());
        view.put("tags", group.tags());
        view.put("created_at", NeutronViews.time(group.createdAt()));
        view.put("updated_at", NeutronViews.time(group.updatedAt()));
        view.put("revision_number", group.revision());
        return view;
    }

    static Map<String, Object> rule(SecurityGroupRule rule, boolean inDefaultGroup) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("project_id", rule.projectId());
        view.put("tenant_id", rule.projectId());
        view.put("security_group_id", rule.securityGroupId());
        view.put("ethertype", rule.ethertype().wire());
        view.put("direction", rule.direction().wire());
        view.put("protocol", rule.protocol().orElse(null));
        view.put("port_range_min", rule.portRangeMin().orElse(null));
        view.put("port_range_max", rule.portRangeMax().orElse(null));
        view.put("remote_ip_prefix", rule.remoteIpPrefix().orElse(null));
        view.put("remote_address_group_id", null);
        view.put("normalized_cidr", rule.remoteIpPrefix()
                .map(prefix -> IpPrefix.parse(prefix).orElseThrow().network().toString()).orElse(null));
        view.put("remote_group_id", rule.remoteGroupId().orElse(null));
        view.put("belongs_to_default_sg", inDefaultGroup);
        view.put("description", rule.description());
        view.put("created_at", NeutronViews.time(rule.createdAt()));
        view.put("updated_at", NeutronViews.time(rule.updatedAt()));
        view.put("revision_number", rule.revision());
        return view;
    }
}
