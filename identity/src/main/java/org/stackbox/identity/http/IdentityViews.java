package org.stackbox.identity.http;

import org.stackbox.identity.Catalog;
import org.stackbox.identity.IssuedToken;
import org.stackbox.identity.model.CatalogService;
import org.stackbox.identity.model.Domain;
import org.stackbox.identity.model.Group;
import org.stackbox.identity.model.Endpoint;
import org.stackbox.identity.model.Project;
import org.stackbox.identity.model.Region;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.User;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** The JSON shapes of Keystone's resources, with the links it puts on each. */
final class IdentityViews {
    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String v3Url;

    IdentityViews(String identityUrl) {
        this.v3Url = requireNonNull(identityUrl, "identityUrl is null") + "/v3";
    }

    String v3Url() {
        return v3Url;
    }

    static String time(Instant instant) {
        return KEYSTONE_TIME.format(instant);
    }

    Map<String, Object> collectionLinks(String collection) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", v3Url + "/" + collection);
        links.put("previous", null);
        links.put("next", null);
        return links;
    }

    Map<String, Object> list(String collection, List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(collection, items);
        body.put("links", collectionLinks(collection));
        return body;
    }

    private Map<String, Object> self(String collection, String id) {
        return Map.of("self", v3Url + "/" + collection + "/" + id);
    }

    Map<String, Object> domain(Domain domain) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", domain.id());
        view.put("name", domain.name());
        view.put("description", domain.description());
        view.put("enabled", domain.enabled());
        view.put("tags", List.of());
        view.put("options", Map.of());
        view.put("links", self("domains", domain.id()));
        return view;
    }

    Map<String, Object> project(Project project) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", project.id());
        view.put("name", project.name());
        view.put("domain_id", project.domainId());
        view.put("description", project.description());
        view.put("enabled", project.enabled());
        view.put("parent_id", project.domainId());
        view.put("is_domain", false);
        view.put("tags", List.of());
        view.put("options", Map.of());
        view.put("links", self("projects", project.id()));
        return view;
    }

    Map<String, Object> user(User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id());
        view.put("name", user.name());
        view.put("domain_id", user.domainId());
        view.put("enabled", user.enabled());
        if (user.defaultProjectId() != null) {
            view.put("default_project_id", user.defaultProjectId());
        }
        if (user.email() != null) {
            view.put("email", user.email());
        }
        if (user.description() != null) {
            view.put("description", user.description());
        }
        view.put("password_expires_at", null);
        view.put("options", Map.of());
        view.put("links", self("users", user.id()));
        return view;
    }

    Map<String, Object> group(Group group) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("domain_id", group.domainId());
        view.put("description", group.description() == null ? "" : group.description());
        view.put("links", self("groups", group.id()));
        return view;
    }

    Map<String, Object> role(Role role) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", role.id());
        view.put("name", role.name());
        view.put("domain_id", null);
        view.put("description", role.description());
        view.put("options", Map.of());
        view.put("links", self("roles", role.id()));
        return view;
    }

    Map<String, Object> service(CatalogService service) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", service.id());
        view.put("type", service.type());
        view.put("name", service.name());
        view.put("description", service.description());
        view.put("enabled", service.enabled());
        view.put("links", self("services", service.id()));
        return view;
    }

    Map<String, Object> endpoint(Endpoint endpoint) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", endpoint.id());
        view.put("interface", endpoint.interfaceName());
        view.put("region", endpoint.regionId());
        view.put("region_id", endpoint.regionId());
        view.put("service_id", endpoint.serviceId());
        view.put("url", endpoint.url());
        view.put("enabled", endpoint.enabled());
        view.put("links", self("endpoints", endpoint.id()));
        return view;
    }

    Map<String, Object> region(Region region) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", region.id());
        view.put("description", region.description());
        view.put("parent_region_id", region.parentRegionId());
        view.put("links", self("regions", region.id()));
        return view;
    }

    List<Map<String, Object>> catalog(List<Catalog.Entry> entries) {
        return entries.stream().map(entry -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("endpoints", entry.endpoints().stream().map(endpoint -> {
                Map<String, Object> endpointView = new LinkedHashMap<>();
                endpointView.put("id", endpoint.id());
                endpointView.put("interface", endpoint.interfaceName());
                endpointView.put("region", endpoint.regionId());
                endpointView.put("region_id", endpoint.regionId());
                endpointView.put("url", endpoint.url());
                return endpointView;
            }).toList());
            view.put("id", entry.service().id());
            view.put("type", entry.service().type());
            view.put("name", entry.service().name());
            return view;
        }).toList();
    }

    private static Map<String, Object> reference(String id, String name) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("name", name);
        return view;
    }

    /** The body of {@code POST} and {@code GET /v3/auth/tokens}. */
    Map<String, Object> token(IssuedToken issued, List<Catalog.Entry> catalog) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("domain", reference(issued.userDomain().id(), issued.userDomain().name()));
        user.put("id", issued.user().id());
        user.put("name", issued.user().name());
        user.put("password_expires_at", null);

        Map<String, Object> token = new LinkedHashMap<>();
        token.put("methods", issued.token().methods());
        token.put("user", user);
        token.put("audit_ids", List.of(issued.token().auditId()));
        token.put("expires_at", time(issued.token().expiresAt()));
        token.put("issued_at", time(issued.token().issuedAt()));
        if (issued.project() != null) {
            Map<String, Object> project = reference(issued.project().id(), issued.project().name());
            project.put("domain", reference(issued.projectDomain().id(), issued.projectDomain().name()));
            token.put("project", project);
            token.put("is_domain", false);
        }
        if (issued.scopeDomain() != null) {
            token.put("domain", reference(issued.scopeDomain().id(), issued.scopeDomain().name()));
        }
        if (issued.isScoped()) {
            token.put("roles", issued.roles().stream().map(role -> reference(role.id(), role.name())).toList());
            if (catalog != null) {
                token.put("catalog", catalog(catalog));
            }
        }
        return Map.of("token", token);
    }
}
