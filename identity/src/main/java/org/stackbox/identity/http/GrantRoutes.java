package org.stackbox.identity.http;

import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.TargetType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.stackbox.identity.http.ResourceRoutes.query;

/** Role grants on projects and domains, and {@code /v3/role_assignments}. */
final class GrantRoutes {
    private final IdentityService identity;
    private final IdentityViews views;

    GrantRoutes(IdentityService identity, IdentityViews views) {
        this.identity = identity;
        this.views = views;
    }

    void register(ServiceRoutes routes) {
        for (TargetType type : TargetType.values()) {
            String base = "/v3/" + type.column() + "s/{target}/users/{user}/roles";
            routes.get(base, "identity:list_grants", (context, caller) -> Responses.ok(context, Map.of(
                    "roles", identity.rolesOn(caller, context.pathParam("user"), type, context.pathParam("target"))
                            .stream().map(views::role).toList(),
                    "links", Map.of("self", views.v3Url() + context.path().substring(context.path().indexOf("/v3") + 3)))));
            routes.put(base + "/{role}", "identity:create_grant", (context, caller) -> {
                identity.grant(caller, assignment(context, type));
                Responses.noContent(context);
            });
            routes.head(base + "/{role}", "identity:check_grant", (context, caller) -> {
                identity.check(caller, assignment(context, type));
                Responses.noContent(context);
            });
            routes.get(base + "/{role}", "identity:check_grant", (context, caller) -> {
                identity.check(caller, assignment(context, type));
                Responses.noContent(context);
            });
            routes.delete(base + "/{role}", "identity:revoke_grant", (context, caller) -> {
                identity.revoke(caller, assignment(context, type));
                Responses.noContent(context);
            });
        }
        routes.get("/v3/role_assignments", "identity:list_role_assignments", this::listAssignments);
    }

    private static RoleAssignment assignment(Context context, TargetType type) {
        return new RoleAssignment(context.pathParam("user"), type, context.pathParam("target"), context.pathParam("role"));
    }

    private void listAssignments(Context context, Caller caller) {
        Optional<String> projectId = query(context, "scope.project.id");
        Optional<String> domainId = query(context, "scope.domain.id");
        if (projectId.isPresent() && domainId.isPresent()) {
            throw ApiException.badRequest("Specify a domain or project, not both");
        }
        Optional<TargetType> type = projectId.map(id -> TargetType.PROJECT).or(() -> domainId.map(id -> TargetType.DOMAIN));
        boolean includeNames = query(context, "include_names").map(GrantRoutes::truthy).orElse(false);
        List<RoleAssignment> assignments = query(context, "group.id").isPresent() ? List.of()
                : identity.listAssignments(caller, query(context, "user.id"), type, projectId.or(() -> domainId), query(context, "role.id"));
        NameLookup names = includeNames ? new NameLookup(identity, caller) : null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role_assignments", assignments.stream().map(assignment -> view(assignment, names)).toList());
        body.put("links", views.collectionLinks("role_assignments"));
        Responses.ok(context, body);
    }

    private Map<String, Object> view(RoleAssignment assignment, NameLookup names) {
        String target = assignment.targetType().column();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("role", names == null ? Map.of("id", assignment.roleId()) : names.role(assignment.roleId()));
        view.put("user", names == null ? Map.of("id", assignment.userId()) : names.user(assignment.userId()));
        view.put("scope", Map.of(target, names == null ? Map.of("id", assignment.targetId())
                : names.target(assignment.targetType(), assignment.targetId())));
        view.put("links", Map.of("assignment", "%s/%ss/%s/users/%s/roles/%s".formatted(
                views.v3Url(), target, assignment.targetId(), assignment.userId(), assignment.roleId())));
        return view;
    }

    private static boolean truthy(String value) {
        return !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    /** Resolves ids to names (with their domains) for {@code include_names}. */
    private static final class NameLookup {
        private final IdentityService identity;
        private final Caller caller;

        NameLookup(IdentityService identity, Caller caller) {
            this.identity = identity;
            this.caller = caller;
        }

        Map<String, Object> role(String id) {
            return Map.of("id", id, "name", identity.getRole(caller, id).name());
        }

        Map<String, Object> user(String id) {
            var user = identity.getUser(caller, id);
            return Map.of("id", id, "name", user.name(), "domain", domain(user.domainId()));
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
