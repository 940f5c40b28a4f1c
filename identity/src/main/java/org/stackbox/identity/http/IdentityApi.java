package org.stackbox.identity.http;

import org.stackbox.common.StackboxException;
import org.stackbox.api.Faults;
import org.stackbox.policy.PolicyException;
import org.stackbox.api.ApiException;
import org.stackbox.api.FaultStyle;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceApi;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.identity.Catalog;
import org.stackbox.identity.GroupService;
import org.stackbox.identity.IdentityService;
import org.stackbox.identity.TokenService;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Keystone v3, under {@code /identity}. */
public final class IdentityApi implements ServiceApi {
    private final IdentityViews views;
    private final AuthResource auth;
    private final ResourceRoutes resources;
    private final CatalogRoutes catalog;

    public IdentityApi(TokenService tokens, IdentityService identity, GroupService groups, Catalog catalog, String identityUrl) {
        requireNonNull(identityUrl, "identityUrl is null");
        this.views = new IdentityViews(identityUrl);
        this.auth = new AuthResource(tokens, identity, catalog, views);
        this.resources = new ResourceRoutes(identity, groups, views);
        this.catalog = new CatalogRoutes(catalog, views);
    }

    @Override
    public String prefix() {
        return "/identity";
    }

    @Override
    public Optional<String> policy() {
        return Optional.of("identity");
    }

    /** Unscoped tokens list their projects and get scoped ones here. */
    @Override
    public boolean projectScoped() {
        return false;
    }

    @Override
    public FaultStyle faultStyle() {
        return FaultStyle.KEYSTONE;
    }

    @Override
    public ApiException fault(StackboxException failure) {
        if (failure instanceof PolicyException refused) {
            return ApiException.forbidden("You are not authorized to perform the requested action: %s.", refused.rule());
        }
        return Faults.byKind(failure);
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.publicGet("", context -> Responses.json(context, 300, Map.of("versions", Map.of("values", List.of(version())))));
        routes.publicGet("/v3", context -> Responses.ok(context, Map.of("version", version())));
        auth.register(routes);
        resources.register(routes);
        catalog.register(routes);
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v3.14");
        version.put("status", "stable");
        version.put("updated", "2020-04-07T00:00:00Z");
        version.put("links", List.of(Map.of("rel", "self", "href", views.v3Url() + "/")));
        version.put("media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
        return version;
    }
}
