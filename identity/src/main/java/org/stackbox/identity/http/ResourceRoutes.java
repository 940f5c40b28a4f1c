package org.stackbox.identity.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Authorization;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.TargetType;

import java.util.Map;
import java.util.Optional;

import static org.stackbox.common.JsonFields.optionalBoolean;
import static org.stackbox.common.JsonFields.optionalString;

/** Domains, projects, users and roles: {@code /v3/domains}, {@code /v3/projects}, {@code /v3/users}, {@code /v3/roles}. */
final class ResourceRoutes {
    private final IdentityService identity;
    private final IdentityViews views;

    ResourceRoutes(IdentityService identity, IdentityViews views) {
        this.identity = identity;
        this.views = views;
    }

    void register(ServiceRoutes routes) {
        routes.get("/v3/domains", "identity:list_domains", (context, caller) -> Responses.ok(context, views.list("domains",
                identity.listDomains(caller, query(context, "name")).stream().map(views::domain).toList())));
        routes.post("/v3/domains", "identity:create_domain", (context, caller) -> {
            ObjectNode domain = JsonFields.requireObject(body(context), "domain");
            Responses.created(context, Map.of("domain", views.domain(identity.createDomain(caller,
                    JsonFields.requireString(domain, "name"), optionalString(domain, "description").orElse(null),
                    optionalBoolean(domain, "enabled").orElse(true)))));
        });
        routes.get("/v3/domains/{id}", Authorization.rule("identity:get_domain", IdentityTargets.domain()), (context, caller) ->
                Responses.ok(context, Map.of("domain", views.domain(identity.getDomain(caller, context.pathParam("id"))))));
        routes.patch("/v3/domains/{id}", "identity:update_domain", (context, caller) -> {
            ObjectNode domain = JsonFields.requireObject(body(context), "domain");
            Responses.ok(context, Map.of("domain", views.domain(identity.updateDomain(caller, context.pathParam("id"),
                    optionalString(domain, "name"), optionalString(domain, "description"), optionalBoolean(domain, "enabled")))));
        });
        routes.delete("/v3/domains/{id}", "identity:delete_domain", (context, caller) -> {
            identity.deleteDomain(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        routes.get("/v3/projects", "identity:list_projects", (context, caller) -> Responses.ok(context, views.list("projects",
                identity.listProjects(caller, query(context, "domain_id"), query(context, "name")).stream().map(views::project).toList())));
        routes.post("/v3/projects", "identity:create_project", (context, caller) -> {
            ObjectNode project = JsonFields.requireObject(body(context), "project");
            Responses.created(context, Map.of("project", views.project(identity.createProject(caller,
                    JsonFields.requireString(project, "name"), optionalString(project, "domain_id"),
                    optionalString(project, "description").orElse(null), optionalBoolean(project, "enabled").orElse(true)))));
        });
        routes.get("/v3/projects/{id}", Authorization.rule("identity:get_project", IdentityTargets.project()), (context, caller) ->
                Responses.ok(context, Map.of("project", views.project(identity.getProject(caller, context.pathParam("id"))))));
        routes.patch("/v3/projects/{id}", "identity:update_project", (context, caller) -> {
            ObjectNode project = JsonFields.requireObject(body(context), "project");
            Responses.ok(context, Map.of("project", views.project(identity.updateProject(caller, context.pathParam("id"),
                    optionalString(project, "name"), optionalString(project, "description"), optionalBoolean(project, "enabled")))));
        });
        routes.delete("/v3/projects/{id}", "identity:delete_project", (context, caller) -> {
            identity.deleteProject(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        routes.get("/v3/users", "identity:list_users", (context, caller) -> Responses.ok(context, views.list("users",
                identity.listUsers(caller, query(context, "domain_id"), query(context, "name")).stream().map(views::user).toList())));
        routes.post("/v3/users", "identity:create_user", (context, caller) -> {
            ObjectNode user = JsonFields.requireObject(body(context), "user");
            Responses.created(context, Map.of("user", views.user(identity.createUser(caller, new IdentityService.NewUser(
                    JsonFields.requireString(user, "name"), optionalString(user, "domain_id"), optionalString(user, "password"),
                    optionalBoolean(user, "enabled").orElse(true), optionalString(user, "default_project_id"),
                    optionalString(user, "email"), optionalString(user, "description"))))));
        });
        routes.get("/v3/users/{id}", Authorization.rule("identity:get_user", IdentityTargets.user()), (context, caller) ->
                Responses.ok(context, Map.of("user", views.user(identity.getUser(caller, context.pathParam("id"))))));
        routes.patch("/v3/users/{id}", "identity:update_user", (context, caller) -> {
            ObjectNode user = JsonFields.requireObject(body(context), "user");
            Responses.ok(context, Map.of("user", views.user(identity.updateUser(caller, context.pathParam("id"),
                    new IdentityService.UserChanges(optionalString(user, "name"), optionalString(user, "password"),
                            optionalBoolean(user, "enabled"), optionalString(user, "default_project_id"),
                            optionalString(user, "email"), optionalString(user, "description"))))));
        });
        routes.delete("/v3/users/{id}", "identity:delete_user", (context, caller) -> {
            identity.deleteUser(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
        routes.get("/v3/users/{id}/projects", Authorization.rule("identity:list_user_projects", IdentityTargets.user()), (context, caller) -> Responses.ok(context, views.list("projects",
                identity.listUserProjects(caller, context.pathParam("id")).stream().map(views::project).toList())));
        routes.get("/v3/users/{id}/groups", Authorization.rule("identity:list_groups_for_user", IdentityTargets.user()), (context, caller) -> {
            identity.getUser(caller, context.pathParam("id"));
            Responses.ok(context, views.list("groups", java.util.List.of()));
        });

        routes.get("/v3/roles", "identity:list_roles", (context, caller) -> Responses.ok(context, views.list("roles",
                identity.listRoles(caller, query(context, "name")).stream().map(views::role).toList())));
        routes.post("/v3/roles", "identity:create_role", (context, caller) -> {
            ObjectNode role = JsonFields.requireObject(body(context), "role");
            Responses.created(context, Map.of("role", views.role(identity.createRole(caller,
                    JsonFields.requireString(role, "name"), optionalString(role, "description").orElse(null)))));
        });
        routes.get("/v3/roles/{id}", "identity:get_role", (context, caller) ->
                Responses.ok(context, Map.of("role", views.role(identity.getRole(caller, context.pathParam("id"))))));
        routes.delete("/v3/roles/{id}", "identity:delete_role", (context, caller) -> {
            identity.deleteRole(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        new GrantRoutes(identity, views).register(routes);
    }

    static Optional<String> query(Context context, String name) {
        return Optional.ofNullable(context.queryParam(name)).filter(value -> !value.isEmpty());
    }

    private static ObjectNode body(Context context) {
        return Json.parseObject(context.bodyAsBytes());
    }
}
