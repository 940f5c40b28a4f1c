package org.stackbox.identity.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Authorization;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.JsonFields;
import org.stackbox.identity.Catalog;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.IssuedToken;
import org.stackbox.identity.Reference;
import org.stackbox.identity.ScopeRequest;
import org.stackbox.identity.TokenService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /v3/auth/*}: issuing, validating and revoking tokens, and what a token gives access to. */
final class AuthResource {
    private static final List<String> SCOPES = List.of("system", "project", "domain", "OS-TRUST:trust", "unscoped");
    private final TokenService tokens;
    private final IdentityService identity;
    private final Catalog catalog;
    private final IdentityViews views;

    AuthResource(TokenService tokens, IdentityService identity, Catalog catalog, IdentityViews views) {
        this.tokens = tokens;
        this.identity = identity;
        this.catalog = catalog;
        this.views = views;
    }

    void register(ServiceRoutes routes) {
        routes.publicPost("/v3/auth/tokens", this::issue);
        routes.get("/v3/auth/tokens", Authorization.rule("identity:validate_token", IdentityTargets.tokenSubject(tokens)), (context, caller) -> validate(context, caller, true));
        routes.head("/v3/auth/tokens", Authorization.rule("identity:check_token", IdentityTargets.tokenSubject(tokens)), (context, caller) -> validate(context, caller, false));
        routes.delete("/v3/auth/tokens", Authorization.rule("identity:revoke_token", IdentityTargets.tokenSubject(tokens)), this::revoke);
        routes.get("/v3/auth/catalog", "identity:get_auth_catalog", (context, caller) -> Responses.ok(context, Map.of(
                "catalog", views.catalog(catalog.forScope(caller.projectId())),
                "links", Map.of("self", views.v3Url() + "/auth/catalog"))));
        routes.get("/v3/auth/projects", "identity:get_auth_projects", (context, caller) -> Responses.ok(context, views.list("projects",
                identity.listUserProjects(caller, caller.userId()).stream().map(views::project).toList())));
        routes.get("/v3/auth/domains", "identity:get_auth_domains", (context, caller) -> Responses.ok(context, views.list("domains",
                identity.listDomains(caller, java.util.Optional.empty()).stream().map(views::domain).toList())));
    }

    private void issue(Context context) {
        ObjectNode body = KeystoneSchema.body(context);
        ObjectNode auth = JsonFields.requireObject(body, "auth");
        ObjectNode identityNode = JsonFields.requireObject(auth, "identity");
        List<String> methods = methods(identityNode);
        ScopeRequest scope = scope(auth.get("scope"));
        IssuedToken issued;
        if (methods.contains("password")) {
            ObjectNode user = JsonFields.requireObject(JsonFields.requireObject(identityNode, "password"), "user");
            issued = tokens.issueWithPassword(reference(user, "user"), JsonFields.requireString(user, "password"), scope);
        } else if (methods.contains("token")) {
            ObjectNode token = JsonFields.requireObject(identityNode, "token");
            issued = tokens.issueWithToken(JsonFields.requireString(token, "id"), scope);
        } else {
            throw ApiException.unauthorized("Attempted to authenticate with an unsupported method.");
        }
        boolean withCatalog = context.queryParam("nocatalog") == null;
        context.header("X-Subject-Token", issued.secret());
        Responses.created(context, views.token(issued, withCatalog ? catalogFor(issued) : null));
    }

    private void validate(Context context, Caller caller, boolean withBody) {
        String subject = requireSubject(context);
        IssuedToken issued = tokens.validate(subject);
        context.header("X-Subject-Token", subject);
        if (withBody) {
            boolean withCatalog = context.queryParam("nocatalog") == null;
            Responses.ok(context, views.token(issued, withCatalog ? catalogFor(issued) : null));
        } else {
            context.status(200);
        }
    }

    private void revoke(Context context, Caller caller) {
        String subject = requireSubject(context);
        IssuedToken issued = tokens.validate(subject);
        tokens.revoke(subject);
        Responses.noContent(context);
    }

    private List<Catalog.Entry> catalogFor(IssuedToken issued) {
        return issued.isScoped() ? catalog.forScope(issued.project() == null ? null : issued.project().id()) : List.of();
    }

    private static String requireSubject(Context context) {
        String subject = context.header("X-Subject-Token");
        if (subject == null || subject.isBlank()) {
            throw ApiException.badRequest("The X-Subject-Token header is required.");
        }
        return subject.strip();
    }

    private static List<String> methods(ObjectNode identity) {
        JsonNode node = identity.get("methods");
        if (node == null) {
            throw KeystoneSchema.invalid("identity", SchemaMessages.required("methods"));
        }
        if (!node.isArray()) {
            throw KeystoneSchema.invalid("identity/methods", SchemaMessages.notOfType(node, "array"));
        }
        if (node.isEmpty()) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        List<String> methods = new ArrayList<>();
        node.forEach(method -> methods.add(method.asText()));
        return methods;
    }

    private static ScopeRequest scope(JsonNode scope) {
        if (scope == null || scope.isNull()) {
            return new ScopeRequest.Default();
        }
        if (scope.isTextual() && scope.asText().equals("unscoped")) {
            return new ScopeRequest.Unscoped();
        }
        if (!scope.isObject()) {
            throw KeystoneSchema.invalid("scope", SchemaMessages.notOfType(scope, "object", "string"));
        }
        // Keystone's AuthInfo: exactly one of these names the scope.
        long named = SCOPES.stream().filter(scope::has).count();
        if (named != 1) {
            throw ApiException.badRequest("Expecting to find system, project, domain, OS-TRUST:trust or unscoped in "
                    + "scope. The server could not comply with the request since it is either malformed or otherwise "
                    + "incorrect. The client is assumed to be in error.");
        }
        if (scope.has("project")) {
            ObjectNode project = JsonFields.requireObject(scope, "project");
            if (!project.has("id") && !project.has("name")) {
                throw ApiException.badRequest("Invalid input for field scope/project: id or name must be present.");
            }
            return new ScopeRequest.Project(reference(project, "project"));
        }
        if (scope.has("domain")) {
            return new ScopeRequest.Domain(reference(JsonFields.requireObject(scope, "domain"), "domain"));
        }
        if (scope.has("unscoped")) {
            return new ScopeRequest.Unscoped();
        }
        if (scope.has("system")) {
            throw ApiException.unauthorized("System-scoped tokens are not supported; scope the token to a project or a domain.");
        }
        throw ApiException.badRequest("Invalid input for field 'scope': expected project or domain.");
    }

    /** A user, project or domain named by id, or by name (and domain); {@code target} names it in the refusal. */
    private static Reference reference(ObjectNode node, String target) {
        String id = JsonFields.optionalString(node, "id").orElse(null);
        String name = JsonFields.optionalString(node, "name").orElse(null);
        Reference domain = JsonFields.optionalObject(node, "domain").map(found -> reference(found, "domain")).orElse(null);
        if (id == null && name == null) {
            throw ApiException.badRequest("Expecting to find id or name in %s. The server could not comply with the "
                    + "request since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
                    target);
        }
        return new Reference(id, name, domain);
    }
}
