package org.stackbox.identity.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.ApiException;
import org.stackbox.api.Authorization;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.JsonFields;
import org.stackbox.identity.GroupService;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.model.RoleAssignment;
import org.stackbox.identity.model.RoleAssignment.TargetType;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.stackbox.common.JsonFields.optionalString;

/** Domains, projects, users, groups and roles: {@code /v3/domains}, {@code /v3/projects}, {@code /v3/users}, {@code /v3/groups}, {@code /v3/roles}. */
final class ResourceRoutes {
    private final IdentityService identity;
    private final GroupService groups;
    private final IdentityViews views;

    ResourceRoutes(IdentityService identity, GroupService groups, IdentityViews views) {
        this.identity = identity;
        this.groups = groups;
        this.views = views;
    }

    void register(ServiceRoutes routes) {
        routes.get("/v3/domains", "identity:list_domains", (context, caller) -> Responses.ok(context, views.list("domains",
                identity.listDomains(caller, query(context, "name")).stream()
                        .filter(domain -> enabledFilter(context).test(domain.enabled())).map(views::domain).toList())));
        routes.post("/v3/domains", "identity:create_domain", (context, caller) -> {
            ObjectNode domain = JsonFields.requireObject(body(context), "domain");
            Responses.created(context, Map.of("domain", views.domain(identity.createDomain(caller,
                    KeystoneSchema.requireName(domain, "name"), optionalString(domain, "description").orElse(null),
                    KeystoneSchema.bool(domain, "enabled").orElse(true)))));
        });
        routes.get("/v3/domains/{id}", Authorization.rule("identity:get_domain", IdentityTargets.domain()), (context, caller) ->
                Responses.ok(context, Map.of("domain", views.domain(identity.getDomain(caller, context.pathParam("id"))))));
        routes.patch("/v3/domains/{id}", "identity:update_domain", (context, caller) -> {
            ObjectNode domain = JsonFields.requireObject(body(context), "domain");
            Responses.ok(context, Map.of("domain", views.domain(identity.updateDomain(caller, context.pathParam("id"),
                    KeystoneSchema.name(domain, "name"), optionalString(domain, "description"), KeystoneSchema.bool(domain, "enabled")))));
        });
        routes.delete("/v3/domains/{id}", "identity:delete_domain", (context, caller) -> {
            identity.deleteDomain(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        routes.get("/v3/projects", "identity:list_projects", (context, caller) -> Responses.ok(context, views.list("projects",
                identity.listProjects(caller, query(context, "domain_id"), query(context, "name")).stream()
                        .filter(project -> enabledFilter(context).test(project.enabled())).map(views::project).toList())));
        routes.post("/v3/projects", "identity:create_project", (context, caller) -> {
            ObjectNode project = JsonFields.requireObject(body(context), "project");
            checkNewProject(caller, project);
            Responses.created(context, Map.of("project", views.project(identity.createProject(caller,
                    KeystoneSchema.requireName(project, "name"), KeystoneSchema.nullableId(project, "domain_id"),
                    optionalString(project, "description").orElse(null), KeystoneSchema.bool(project, "enabled").orElse(true)))));
        });
        routes.get("/v3/projects/{id}", Authorization.rule("identity:get_project", IdentityTargets.project()), (context, caller) ->
                Responses.ok(context, Map.of("project", views.project(identity.getProject(caller, context.pathParam("id"))))));
        routes.patch("/v3/projects/{id}", "identity:update_project", (context, caller) -> {
            ObjectNode project = JsonFields.requireObject(body(context), "project");
            checkProjectChanges(context.pathParam("id"), project);
            Responses.ok(context, Map.of("project", views.project(identity.updateProject(caller, context.pathParam("id"),
                    KeystoneSchema.name(project, "name"), optionalString(project, "description"), KeystoneSchema.bool(project, "enabled")))));
        });
        routes.delete("/v3/projects/{id}", "identity:delete_project", (context, caller) -> {
            identity.deleteProject(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        routes.get("/v3/users", "identity:list_users", (context, caller) -> Responses.ok(context, views.list("users",
                identity.listUsers(caller, query(context, "domain_id"), query(context, "name")).stream()
                        .filter(user -> enabledFilter(context).test(user.enabled())).map(views::user).toList())));
        routes.post("/v3/users", "identity:create_user", (context, caller) -> {
            ObjectNode user = JsonFields.requireObject(body(context), "user");
            Responses.created(context, Map.of("user", views.user(identity.createUser(caller, new IdentityService.NewUser(
                    KeystoneSchema.requireName(user, "name"), optionalString(user, "domain_id"), KeystoneSchema.nullableString(user, "password"),
                    KeystoneSchema.bool(user, "enabled").orElse(true), optionalString(user, "default_project_id"),
                    optionalString(user, "email"), optionalString(user, "description"))))));
        });
        routes.get("/v3/users/{id}", Authorization.rule("identity:get_user", IdentityTargets.user()), (context, caller) ->
                Responses.ok(context, Map.of("user", views.user(identity.getUser(caller, context.pathParam("id"))))));
        routes.patch("/v3/users/{id}", "identity:update_user", (context, caller) -> {
            ObjectNode user = JsonFields.requireObject(body(context), "user");
            Responses.ok(context, Map.of("user", views.user(identity.updateUser(caller, context.pathParam("id"),
                    new IdentityService.UserChanges(KeystoneSchema.name(user, "name"), KeystoneSchema.nullableString(user, "password"),
                            KeystoneSchema.bool(user, "enabled"), optionalString(user, "default_project_id"),
                            optionalString(user, "email"), optionalString(user, "description"))))));
        });
        routes.delete("/v3/users/{id}", "identity:delete_user", (context, caller) -> {
            identity.deleteUser(caller, context.pathParam("id"));
            Responses.noContent(context);
        });
        routes.get("/v3/users/{id}/projects", Authorization.rule("identity:list_user_projects", IdentityTargets.user()), (context, caller) -> Responses.ok(context, views.list("projects",
                identity.listUserProjects(caller, context.pathParam("id")).stream().map(views::project).toList())));

        routes.get("/v3/roles", "identity:list_roles", (context, caller) -> Responses.ok(context, views.list("roles",
                identity.listRoles(caller, query(context, "name")).stream().map(views::role).toList())));
        routes.post("/v3/roles", "identity:create_role", (context, caller) -> {
            ObjectNode role = JsonFields.requireObject(body(context), "role");
            Responses.created(context, Map.of("role", views.role(identity.createRole(caller,
                    KeystoneSchema.requireName(role, "name"), optionalString(role, "description").orElse(null)))));
        });
        routes.get("/v3/roles/{id}", "identity:get_role", (context, caller) ->
                Responses.ok(context, Map.of("role", views.role(identity.getRole(caller, context.pathParam("id"))))));
        routes.delete("/v3/roles/{id}", "identity:delete_role", (context, caller) -> {
            identity.deleteRole(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        new GroupRoutes(groups, views).register(routes);
        new GrantRoutes(identity, groups, views).register(routes);
    }

    /**
     * What Keystone's project schema checks and Stackbox does not store: tags, is_domain, and a parent. A Stackbox
     * project's parent is its domain; a parent that is no project or domain is Keystone's 404, another project is
     * refused, since Stackbox does not nest projects.
     */
    private void checkNewProject(Caller caller, ObjectNode project) {
        KeystoneSchema.checkTags(project);
        if (KeystoneSchema.bool(project, "is_domain").orElse(false)) {
            throw KeystoneSchema.invalid("is_domain", "Stackbox makes domains through /v3/domains only");
        }
        KeystoneSchema.nullableId(project, "parent_id").ifPresent(parent -> {
            if (identity.listDomains(caller, Optional.empty()).stream().noneMatch(domain -> domain.id().equals(parent))) {
                identity.getProject(caller, parent);
                throw KeystoneSchema.invalid("parent_id", "Stackbox does not nest projects; a project's parent is its domain");
            }
        });
    }

    /** Keystone's refusals of a project update that tries to change what cannot change. */
    private static void checkProjectChanges(String projectId, ObjectNode project) {
        JsonNode id = project.get("id");
        if (id != null && !id.isNull() && !id.asText().equals(projectId)) {
            throw ApiException.badRequest("Cannot change ID");
        }
        if (project.has("is_domain")) {
            throw ApiException.badRequest("Update of `is_domain` is not allowed.");
        }
        KeystoneSchema.checkTags(project);
    }

    /**
     * Keystone's {@code ?enabled=} list filter: a value of oslo's false strings ({@code 0}, {@code f}, {@code false},
     * {@code off}, {@code n}, {@code no}, in any case) keeps the disabled, any other value the enabled; no filter
     * keeps both.
     */
    static Predicate<Boolean> enabledFilter(Context context) {
        String value = context.queryParam("enabled");
        if (value == null) {
            return enabled -> true;
        }
        boolean wanted = !FALSE_STRINGS.contains(value.strip().toLowerCase(Locale.ROOT));
        return enabled -> enabled == wanted;
    }

    private static final Set<String> FALSE_STRINGS = Set.of("0", "f", "false", "off", "n", "no");

    static Optional<String> query(Context context, String name) {
        return Optional.ofNullable(context.queryParam(name)).filter(value -> !value.isEmpty());
    }

    private static ObjectNode body(Context context) {
        return KeystoneSchema.body(context);
    }
}
