package org.stackbox.identity.http;

import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.ServiceRoutes.CallerHandler;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.identity.GroupService;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.IdentityService.EffectiveAssignment;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.ActorType;
import org.stackbox.identity.model.RoleAssignment.TargetType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.stackbox.identity.http.ResourceRoutes.query;

/** Role grants to users and groups on projects and domains, and {@code /v3/role_assignments}. */
final class GrantRoutes {
    private final IdentityService identity;
    private final GroupService groups;
    private final IdentityViews views;

    GrantRoutes(IdentityService identity, GroupService groups, IdentityViews views) {
        this.identity = identity;
        this.groups = groups;
        this.views = views;
    }

    void register(ServiceRoutes routes) {
        for (TargetType type : TargetType.values()) {
            for (ActorType actor : ActorType.values()) {
                String base = "/v3/" + type.column() + "s/{target}/" + actor.word() + "s/{actor}/roles";
                routes.get(base, "identity:list_grants", (context, caller) -> Responses.ok(context, Map.of(
                        "roles", identity.rolesOn(caller, actor, context.pathParam("actor"), type, context.pathParam("target"))
                                .stream().map(views::role).toList(),
                        "links", Map.of("self", views.v3Url() + context.path().substring(context.path().indexOf("/v3") + 3)))));
                routes.put(base + "/{role}", "identity:create_grant", (context, caller) -> {
                    identity.grant(caller, assignment(context, actor, type));
                    Responses.noContent(context);
                });
                CallerHandler check = (context, caller) -> {
                    identity.check(caller, assignment(context, actor, type));
                    Responses.noContent(context);
                };
                routes.head(base + "/{role}", "identity:check_grant", check);
                routes.get(base + "/{role}", "identity:check_grant", check);
                routes.delete(base + "/{role}", "identity:revoke_grant", (context, caller) -> {
                    identity.revoke(caller, assignment(context, actor, type));
                    Responses.noContent(context);
                });
            }
        }
        routes.get("/v3/role_assignments", "identity:list_role_assignments", this::listAssignments);
    }

    private static RoleAssignment assignment(Context context, ActorType actor, TargetType type) {
        return new RoleAssignment(actor, context.pathParam("actor"), type, context.pathParam("target"), context.pathParam("role"));
    }

    private void listAssignments(Context context, Caller caller) {
        Optional<String> projectId = query(context, "scope.project.id");
        Optional<String> domainId = query(context, "scope.domain.id");
        if (projectId.isPresent() && domainId.isPresent()) {
            throw ApiException.badRequest("Specify a domain or project, not both");
        }
        Optional<String> userId = query(context, "user.id");
        Optional<String> groupId = query(context, "group.id");
        if (userId.isPresent() && groupId.isPresent()) {
            throw ApiException.badRequest("Specify a user or group, not both");
        }
        boolean effective = context.queryParamMap().containsKey("effective");
        if (effective && groupId.isPresent()) {
            throw ApiException.badRequest("Combining effective and group filter will always result in an empty list.");
        }
        Optional<TargetType> type = projectId.map(id -> TargetType.PROJECT).or(() -> domainId.map(id -> TargetType.DOMAIN));
        Optional<String> target = projectId.or(() -> domainId);
        Optional<String> roleId = query(context, "role.id");
        boolean includeNames = query(context, "include_names").map(GrantRoutes::truthy).orElse(false);
        NameLookup names = includeNames ? new NameLookup(identity, groups, caller) : null;
        List<Map<String, Object>> shown = effective
                ? identity.listEffectiveAssignments(caller, userId, type, target, roleId).stream()
                        .map(assignment -> effectiveView(assignment, names)).toList()
                : identity.listAssignments(caller, userId, groupId, type, target, roleId).stream()
                        .map(assignment -> view(assignment, names)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role_assignments", shown);
        body.put("links", views.collectionLinks("role_assignments"));
        Responses.ok(context, body);
    }

    private Map<String, Object> view(RoleAssignment assignment, NameLookup names) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("role", names == null ? Map.of("id", assignment.roleId()) : names.role(assignment.roleId()));
        view.put(assignment.actorType().word(), actor(assignment.actorType(), assignment.actorId(), names));
        view.put("scope", scope(assignment, names));
        view.put("links", Map.of("assignment", assignmentLink(assignment)));
        return view;
    }

    /** A member's assignment through its group links to the group's grant and to the membership, as Keystone's. */
    private Map<String, Object> effectiveView(EffectiveAssignment effective, NameLookup names) {
        RoleAssignment assignment = effective.assignment();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("role", names == null ? Map.of("id", assignment.roleId()) : names.role(assignment.roleId()));
        view.put("user", actor(ActorType.USER, effective.userId(), names));
        view.put("scope", scope(assignment, names));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("assignment", assignmentLink(assignment));
        effective.viaGroup().ifPresent(group -> links.put("membership",
                "%s/groups/%s/users/%s".formatted(views.v3Url(), group, effective.userId())));
        view.put("links", links);
        return view;
    }

    private static Map<String, Object> actor(ActorType type, String id, NameLookup names) {
        if (names == null) {
            return Map.of("id", id);
        }
        return type == ActorType.USER ? names.user(id) : names.group(id);
    }

    private static Map<String, Object> scope(RoleAssignment assignment, NameLookup names) {
        return Map.of(assignment.targetType().column(), names == null ? Map.of("id", assignment.targetId())
                : names.target(assignment.targetType(), assignment.targetId()));
    }

    private String assignmentLink(RoleAssignment assignment) {
        return "%s/%ss/%s/%ss/%s/roles/%s".formatted(views.v3Url(), assignment.targetType().column(),
                assignment.targetId(), assignment.actorType().word(), assignment.actorId(), assignment.roleId());
    }

    private static boolean truthy(String value) {
        return !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    /** Resolves ids to names (with their domains) for {@code include_names}. */
    private static final class NameLookup {
        private final IdentityService identity;
        private final GroupService groups;
        private final Caller caller;

        NameLookup(IdentityService identity, GroupService groups, Caller caller) {
            this.identity = identity;
            this.groups = groups;
            this.caller = caller;
        }

        Map<String, Object> role(String id) {
            return Map.of("id", id, "name", identity.getRole(caller, id).name());
        }

        Map<String, Object> user(String id) {
            var user = identity.getUser(caller, id);
            return Map.of("id", id, "name", user.name(), "domain", domain(user.domainId()));
        }

        Map<String, Object> group(String id) {
            var group = groups.get(caller, id);
            return Map.of("id", id, "name", group.name(), "domain", domain(group.domainId()));
        }

        Map<String, Object> target(TargetType type, String id) {
            if (type == TargetType.PROJECT) {
                var project = identity.getProject(caller, id);
                return Map.of("id", id, "name", project.name(), "domain", domain(project.domainId()));
            }
            return domain(id);
        }

        private Map<String, Object> domain(String id) {
            return Map.of("id", id, "name", identity.getDomain(caller, id).name());
        }
    }
}
