package org.stackbox.identity.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.api.ApiException;
import org.stackbox.api.Authorization;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.common.JsonFields;
import org.stackbox.identity.GroupService;

import java.util.Map;

import static org.stackbox.common.JsonFields.optionalString;
import static org.stackbox.identity.http.ResourceRoutes.query;

/** {@code /v3/groups}, their members ({@code /v3/groups/{id}/users}) and a user's groups. */
final class GroupRoutes {
    private final GroupService groups;
    private final IdentityViews views;

    GroupRoutes(GroupService groups, IdentityViews views) {
        this.groups = groups;
        this.views = views;
    }

    void register(ServiceRoutes routes) {
        routes.get("/v3/groups", "identity:list_groups", (context, caller) -> Responses.ok(context, views.list("groups",
                groups.list(caller, query(context, "domain_id"), query(context, "name")).stream().map(views::group).toList())));
        routes.post("/v3/groups", "identity:create_group", (context, caller) -> {
            ObjectNode group = JsonFields.requireObject(KeystoneSchema.body(context), "group");
            Responses.created(context, Map.of("group", views.group(groups.create(caller,
                    KeystoneSchema.requireName(group, "name"), optionalString(group, "domain_id"),
                    optionalString(group, "description").orElse(null)))));
        });
        routes.get("/v3/groups/{id}", "identity:get_group", (context, caller) ->
                Responses.ok(context, Map.of("group", views.group(groups.get(caller, context.pathParam("id"))))));
        routes.patch("/v3/groups/{id}", "identity:update_group", (context, caller) -> {
            ObjectNode group = JsonFields.requireObject(KeystoneSchema.body(context), "group");
            String domainId = groups.get(caller, context.pathParam("id")).domainId();
            optionalString(group, "domain_id").filter(given -> !given.equals(domainId)).ifPresent(given -> {
                throw ApiException.badRequest("Cannot change Domain ID");
            });
            Responses.ok(context, Map.of("group", views.group(groups.update(caller, context.pathParam("id"),
                    KeystoneSchema.name(group, "name"), optionalString(group, "description")))));
        });
        routes.delete("/v3/groups/{id}", "identity:delete_group", (context, caller) -> {
            groups.delete(caller, context.pathParam("id"));
            Responses.noContent(context);
        });

        routes.get("/v3/groups/{id}/users", "identity:list_users_in_group", (context, caller) -> Responses.ok(context,
                views.list("users", groups.members(caller, context.pathParam("id")).stream().map(views::user).toList())));
        routes.put("/v3/groups/{id}/users/{user}", "identity:add_user_to_group", (context, caller) -> {
            groups.addMember(caller, context.pathParam("id"), context.pathParam("user"));
            Responses.noContent(context);
        });
        routes.head("/v3/groups/{id}/users/{user}", "identity:check_user_in_group", this::checkMember);
        routes.get("/v3/groups/{id}/users/{user}", "identity:check_user_in_group", this::checkMember);
        routes.delete("/v3/groups/{id}/users/{user}", "identity:remove_user_from_group", (context, caller) -> {
            groups.removeMember(caller, context.pathParam("id"), context.pathParam("user"));
            Responses.noContent(context);
        });
        routes.get("/v3/users/{id}/groups", Authorization.rule("identity:list_groups_for_user", IdentityTargets.user()),
                (context, caller) -> Responses.ok(context, views.list("groups",
                        groups.groupsOf(caller, context.pathParam("id")).stream().map(views::group).toList())));
    }

    private void checkMember(Context context, org.stackbox.common.auth.Caller caller) {
        groups.checkMember(caller, context.pathParam("id"), context.pathParam("user"));
        Responses.noContent(context);
    }
}
