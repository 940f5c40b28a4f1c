package org.stackbox.network.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.network.NetworkCommands.NewSecurityGroup;
import org.stackbox.network.NetworkCommands.SecurityGroupChanges;
import org.stackbox.network.SecurityGroupService;
import org.stackbox.network.model.SecurityGroup;
import org.stackbox.network.model.SecurityGroupRule;
import org.stackbox.network.spi.NeutronException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** {@code /v2.0/security-groups}: list, show, create, update, delete, and a group's tags. */
final class SecurityGroupRoutes {
    private static final String BASE = "/v2.0/security-groups";
    private static final Set<String> CREATE = Set.of("name", "description", "stateful", "tenant_id", "project_id");
    private static final Set<String> UPDATE = Set.of("name", "description", "stateful");
    private static final int MAX_TAG_LENGTH = 255;
    private static final int MAX_TAGS = 50;

    private final SecurityGroupService groups;
    private final String networkUrl;

    SecurityGroupRoutes(SecurityGroupService groups, String networkUrl) {
        this.groups = requireNonNull(groups, "groups is null");
        this.networkUrl = requireNonNull(networkUrl, "networkUrl is null");
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "get_security_group", this::list);
        routes.post(BASE, "create_security_group", this::create);
        routes.get(BASE + "/{id}", "get_security_group", (context, caller) -> Responses.ok(context,
                Map.of("security_group", NetworkRoutes.query(context).trimmed(
                        view(groups.getGroup(caller, context.pathParam("id")))))));
        routes.put(BASE + "/{id}", "update_security_group", this::update);
        routes.delete(BASE + "/{id}", "delete_security_group", (context, caller) -> {
            groups.deleteGroup(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
        routes.get(BASE + "/{id}/tags", "get_security_group:tags", (context, caller) -> Responses.ok(context,
                Map.of("tags", groups.getGroup(caller, context.pathParam("id")).tags())));
        routes.get(BASE + "/{id}/tags/{tag}", "get_security_group:tags", (context, caller) -> {
            String tag = tag(context.pathParam("tag"));
            if (!groups.getGroup(caller, context.pathParam("id")).tags().contains(tag)) {
                throw tagNotFound(tag);
            }
            Responses.noContent(context);
        });
        routes.put(BASE + "/{id}/tags", "update_security_group:tags", (context, caller) -> Responses.ok(context,
                Map.of("tags", groups.setTags(caller, context.pathParam("id"), tags(context.bodyAsBytes())).tags())));
        routes.put(BASE + "/{id}/tags/{tag}", "update_security_group:tags", (context, caller) -> {
            String tag = tag(context.pathParam("tag"));
            List<String> tags = new ArrayList<>(groups.getGroup(caller, context.pathParam("id")).tags());
            if (!tags.contains(tag)) {
                tags.add(tag);
                limit(tags);
                groups.setTags(caller, context.pathParam("id"), tags);
            }
            context.status(201);
        });
        routes.delete(BASE + "/{id}/tags/{tag}", "delete_security_group:tags", (context, caller) -> {
            String tag = tag(context.pathParam("tag"));
            List<String> tags = new ArrayList<>(groups.getGroup(caller, context.pathParam("id")).tags());
            if (!tags.remove(tag)) {
                throw tagNotFound(tag);
            }
            groups.setTags(caller, context.pathParam("id"), tags);
            Responses.noContent(context);
        });
        routes.delete(BASE + "/{id}/tags", "delete_security_group:tags", (context, caller) -> {
            groups.setTags(caller, context.pathParam("id"), List.of());
            Responses.noContent(context);
        });
    }

    private void list(Context context, Caller caller) {
        List<SecurityGroup> visible = groups.listGroups(caller);
        Map<String, List<SecurityGroupRule>> rules = groups.listRules(caller).stream()
                .collect(Collectors.groupingBy(SecurityGroupRule::securityGroupId));
        List<Map<String, Object>> views = visible.stream().map(group -> SecurityGroupViews.group(group,
                rules.getOrDefault(group.id(), List.of()), groups.isDefault(group.id()))).toList();
        Responses.ok(context, NetworkRoutes.query(context).apply("security_groups", views,
                SecurityGroupViews.GROUP_ATTRIBUTES, networkUrl + BASE));
    }

    private void create(Context context, Caller caller) {
        Attributes attributes = Attributes.of(context.bodyAsBytes(), "security_group", CREATE);
        SecurityGroup group = groups.createGroup(caller, new NewSecurityGroup(
                attributes.string("project_id").or(() -> attributes.string("tenant_id")),
                attributes.string("name").orElse(""), attributes.string("description").orElse(""),
                attributes.bool("stateful")));
        Responses.created(context, Map.of("security_group", view(group)));
    }

    private void update(Context context, Caller caller) {
        Attributes attributes = Attributes.ofUpdate(context.bodyAsBytes(), "security_group", UPDATE,
                SecurityGroupViews.GROUP_ATTRIBUTES);
        SecurityGroup group = groups.updateGroup(caller, context.pathParam("id"), new SecurityGroupChanges(
                attributes.string("name"), attributes.string("description"), attributes.bool("stateful")));
        Responses.ok(context, Map.of("security_group", view(group)));
    }

    private Map<String, Object> view(SecurityGroup group) {
        return SecurityGroupViews.group(group, groups.rulesOf(group.id()), groups.isDefault(group.id()));
    }

    /** neutron's validate_tags: {@code {"tags": [...]}}, unique strings of at most 255 characters, at most 50. */
    private static List<String> tags(byte[] body) {
        JsonNode tags;
        try {
            ObjectNode root = Json.parseObject(body);
            tags = root.get("tags");
        } catch (ServiceException e) {
            throw NeutronException.badRequest("Resource body required");
        }
        if (tags == null || !tags.isArray()) {
            throw NeutronException.invalidInput("Invalid tags body");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode tag : tags) {
            if (!tag.isTextual()) {
                throw NeutronException.invalidInput("'%s' is not a valid string", tag);
            }
            if (!unique.add(tag(tag.asText()))) {
                throw NeutronException.invalidInput("Duplicate items in the list: '%s'", tag.asText());
            }
        }
        List<String> list = List.copyOf(unique);
        limit(list);
        return list;
    }

    private static String tag(String tag) {
        if (tag.length() > MAX_TAG_LENGTH) {
            throw NeutronException.invalidInput("'%s' exceeds maximum length of %d", tag, MAX_TAG_LENGTH);
        }
        return tag;
    }

    private static void limit(List<String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw NeutronException.badRequest("The number of tags exceed the per-resource limit of %d", MAX_TAGS);
        }
    }

    private static NeutronException tagNotFound(String tag) {
        return new NeutronException(org.stackbox.network.spi.NeutronFault.TAG_NOT_FOUND,
                "Tag %s could not be found.".formatted(tag), tag);
    }
}
